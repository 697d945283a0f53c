/**
 * Built-once queries without named statements. drizzle builds a query's SQL text on every
 * execute (about 100 µs of CPU a query here; docs/performance.md). `.prepare(name)` keeps
 * the built query but also names the statement, which transaction-mode poolers (PgBouncer,
 * Neon's and Supabase's poolers) do not allow. drizzle's own execute() prepares with no
 * name and sends an unnamed Parse/Bind: this keeps exactly that object, once per database
 * handle (a pool, a PGlite instance or a transaction), so nothing changes on the wire.
 * Parameters are `sql.placeholder(...)` values passed to execute().
 */
interface Preparable<P> {
  prepare(name: string): P;
}

const built = new WeakMap<object, Map<string, unknown>>();

export function reusable<P>(db: object, key: string, build: () => Preparable<P>): P {
  let queries = built.get(db);
  if (!queries) built.set(db, (queries = new Map()));
  let q = queries.get(key) as P | undefined;
  if (!q) {
    // No name: an unnamed statement, as execute() itself would send.
    q = build().prepare(undefined as unknown as string);
    queries.set(key, q);
  }
  return q;
}

interface Connected {
  session?: { client?: unknown };
}

/**
 * The same inside a transaction. A transaction is a new drizzle handle every time, so
 * `reusable(tx, …)` would build on every request: this builds once on the database the
 * transaction was opened from (`db`) and runs that query on the transaction's own
 * connection. drizzle keeps the connection as `client` on the session and on the prepared
 * query, for node-postgres and PGlite alike; if that ever changes this throws rather than
 * let a statement run outside its transaction.
 */
export function reusableIn<P>(tx: object, db: object, key: string, build: () => Preparable<P>): P {
  const q = reusable(db, key, build) as P & { client?: unknown };
  const own = (tx as Connected).session?.client;
  if (own === undefined || q.client === undefined || q.client !== (db as Connected).session?.client) {
    throw new Error(`reusableIn(${key}): drizzle no longer keeps the connection where this expects it`);
  }
  return Object.create(q, { client: { value: own } }) as P;
}
