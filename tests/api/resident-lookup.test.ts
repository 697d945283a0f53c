import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { RATE_LIMITS } from '../../api/_lib/http/rate-limits';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

/**
 * Issue 15 item 7, the attack as it was run: the 代办 picker matched phone digits anywhere
 * in the number, so extending a prefix one digit at a time turned the masked 138****4613
 * into 13857294613 in 27 queries, none of them audited. Rate limits are on in this file.
 */
let app: TestApp;
let staff: { token: string; user: any };
let target: { id: string };
const PHONE = '13857294613';

const search = (q: string, token = staff.token) => app.get(`/api/requests/residents?q=${encodeURIComponent(q)}`, token);

beforeAll(async () => {
  app = await startTestApp({ store: 'memory' });
  staff = await app.login('staff', 'lookup-staff');
  const r = await app.login('resident', 'lookup-target');
  await app.db.update(schema.users).set({ displayName: '陈阿婆', phone: PHONE }).where(eq(schema.users.id, r.user.id));
  target = { id: r.user.id };
});
afterAll(() => app.close());

describe('GET /api/requests/residents', () => {
  it('the prefix-extension attack learns nothing beyond the mask', async () => {
    const first = await search('陈阿婆');
    expect(first.body.items[0].maskedPhone).toBe('138****4613');
    // The attacker extends 138 one digit at a time and keeps a digit whenever the resident is still found.
    let known = '138';
    let queries = 0;
    for (let pos = known.length; pos < 11; pos++) {
      let found = false;
      for (let d = 0; d <= 9 && !found; d++) {
        queries++;
        const res = await search(known + d);
        if (res.body.items.some((i: { id: string }) => i.id === target.id)) {
          known += d;
          found = true;
        }
      }
      if (!found) break;
    }
    expect(known).toBe('138');
    expect(queries).toBe(10);
    // Nor does a known tail (the mask shows it already) or the middle.
    expect((await search('4613')).body.items).toEqual([]);
    expect((await search('5729')).body.items).toEqual([]);
    expect((await search('1385729461')).body.items).toEqual([]);
  });

  it('the whole number finds the resident, spaced or not', async () => {
    expect((await search(PHONE)).body.items.map((i: { id: string }) => i.id)).toEqual([target.id]);
    expect((await search('138 5729 4613')).body.items.map((i: { id: string }) => i.id)).toEqual([target.id]);
  });

  it('every look-up is in the audit log, with who looked and whom they found', async () => {
    const before = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'resident.searched'));
    await search(PHONE);
    await search('陈阿');
    await search('没有这个人');
    const rows = await app.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'resident.searched'), eq(schema.auditLog.actorId, staff.user.id)));
    const fresh = rows.slice(before.length);
    expect(fresh).toHaveLength(3);
    expect(fresh[0]).toMatchObject({ actorRole: 'staff', subjectUserId: target.id, detail: { by: 'phone', query: '138****4613', found: [target.id] } });
    expect(fresh[1]).toMatchObject({ subjectUserId: target.id, detail: { by: 'name', query: '陈阿', found: [target.id] } });
    expect(fresh[2]).toMatchObject({ subjectUserId: null, detail: { by: 'name', found: [] } });
    // The full number is never written into the log.
    expect(JSON.stringify(rows)).not.toContain(PHONE);
  });

  it('is rate-limited per staff member', async () => {
    const other = await app.login('staff', 'lookup-staff-2');
    const limit = RATE_LIMITS.lookup.limit;
    expect(limit).toBeLessThanOrEqual(30);
    for (let i = 0; i < limit; i++) expect((await search(`陈${i}`, other.token)).status).toBe(200);
    expectProblem(await search('陈阿婆', other.token), 429, 'RATE_LIMITED');
  });
});
