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
