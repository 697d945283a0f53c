import { eq, sql } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { reusable, reusableIn } from '../../api/_lib/db/reuse';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * reusableIn runs a query built once on the database inside whichever transaction it is
 * given: on PGlite (default) and on PostgreSQL (TEST_DATABASE_URL).
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const s = schema.appSettings;
const insertSetting = (db: TestDb['db']) => () => db.insert(s).values({ key: sql.placeholder('key'), value: sql.placeholder('value') }).returning({ key: s.key });
const count = async (prefix: string) =>
  (await t.db.select({ key: s.key }).from(s)).filter((r) => r.key.startsWith(prefix)).length;

describe('reusableIn', () => {
  it('builds once and runs in each transaction it is given: a rollback takes its row with it', async () => {
    const { db } = t;
    const first = await db.transaction(async (tx) =>
      reusableIn(tx, db, 'reuse-test-insert', insertSetting(db)).execute({ key: 'reuse:committed', value: { n: 1 } }),
    );
    expect(first).toEqual([{ key: 'reuse:committed' }]);
    await expect(
      db.transaction(async (tx) => {
        await reusableIn(tx, db, 'reuse-test-insert', insertSetting(db)).execute({ key: 'reuse:rolled-back', value: { n: 2 } });
        // Seen inside its own transaction…
        expect(await tx.select({ key: s.key }).from(s).where(eq(s.key, 'reuse:rolled-back'))).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // …and gone with it: the statement ran on the transaction's connection, not the pool's.
    expect(await count('reuse:')).toBe(1);
    const [row] = await db.select().from(s).where(eq(s.key, 'reuse:committed'));
    expect(row.value).toEqual({ n: 1 });
    // The same built query object backs every transaction.
    expect(Object.getPrototypeOf(await db.transaction(async (tx) => reusableIn(tx, db, 'reuse-test-insert', insertSetting(db))))).toBe(
      reusable(db, 'reuse-test-insert', insertSetting(db)),
    );
  });

  it('refuses a handle whose connection it cannot find rather than run outside the transaction', async () => {
    const { db } = t;
    expect(() => reusableIn({}, db, 'reuse-test-insert', insertSetting(db))).toThrow(/reusableIn/);
  });
});
