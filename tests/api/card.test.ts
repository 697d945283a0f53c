import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { qrTokenFromScan } from '../../shared/card';
import { onPostgres } from '../support/test-db';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const cardBody = (over: Record<string, unknown> = {}) => ({
  address: { building: '12 号楼', unit: '2 单元', room: '301' },
  householdSize: 1,
  careTags: ['living-alone', 'elderly-80'],
  emergencyContact: { name: '王建军', phone: '13800001234', relation: '子女' },
  consent: true,
  ...over,
});

async function setPhone(userId: string, phone: string) {
  await app.db.update(schema.users).set({ phone }).where(eq(schema.users.id, userId));
}

describe('neighbour card: the owner', () => {
  it('answers 404 before the first PUT, then creates the card with number, grid worker, hotline and QR token', async () => {
    const me = await app.login('resident', 'card-owner');
    await setPhone(me.user.id, '13911112222');
    expectProblem(await app.get('/api/card', me.token), 404, 'CARD_NOT_FOUND');
    // 12号楼 is filed under 石楠三网格 (reference data); the community assigns its 网格员.
    await app.db.update(schema.grids).set({ workerName: '赵红梅', workerPhone: '13812345601' }).where(eq(schema.grids.name, '石楠三网格'));
    const put = await app.put('/api/card', cardBody(), me.token);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      number: expect.stringMatching(/^SN-石楠-\d{6}$/),
      community: { name: '石楠社区' },
      grid: { name: '石楠三网格' },
      gridWorker: { name: expect.any(String), phone: expect.stringMatching(/^1\d{10}$/) },
      hotline: expect.any(String),
      address: { building: '12 号楼', unit: '2 单元', room: '301' },
      householdSize: 1,
      careTags: [
        { key: 'living-alone', name: '独居老人' },
        { key: 'elderly-80', name: '80岁以上高龄' },
      ],
      careTagsConsentAt: expect.stringMatching(/\+08:00$/),
      // The owner sees every phone in full.
      emergencyContact: { name: '王建军', phone: '13800001234', relation: '子女' },
      holder: { phone: '13911112222' },
      qrPayload: `SNCARD:${put.body.qrToken}`,
    });
    expect(put.body.qrToken).toMatch(/^[\w-]{32}$/);
    const got = await app.get('/api/card', me.token);
    expect(got.body).toEqual(put.body);
  });

  it('replaces the card, keeping its number and QR token; removing tags drops the consent', async () => {
    const me = await app.login('resident', 'card-replace');
    const first = await app.put('/api/card', cardBody(), me.token);
    const second = await app.put('/api/card', cardBody({ householdSize: 3, careTags: [], consent: false }), me.token);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, number: first.body.number, qrToken: first.body.qrToken, householdSize: 3, careTags: [], careTagsConsentAt: null });
    const rows = await app.db.select().from(schema.cards).where(eq(schema.cards.userId, me.user.id));
    expect(rows).toHaveLength(1);
  });

  it('gives every card its own readable number', async () => {
    const a = await app.login('resident', 'card-num-a');
    const b = await app.login('resident', 'card-num-b');
    const na = (await app.put('/api/card', cardBody(), a.token)).body.number;
    const nb = (await app.put('/api/card', cardBody(), b.token)).body.number;
    expect(na).not.toBe(nb);
  });

  it('refuses care tags without explicit consent, and other bad input, with 400 naming the field and nothing written', async () => {
    const me = await app.login('resident', 'card-bad');
    const before = await tableCounts(app.db);
    expectFieldError(await app.put('/api/card', cardBody({ consent: false }), me.token), 'consent');
    expectFieldError(await app.put('/api/card', cardBody({ consent: undefined }), me.token), 'consent');
    expectFieldError(await app.put('/api/card', cardBody({ careTags: ['vip'] }), me.token), 'careTags');
    expectFieldError(await app.put('/api/card', cardBody({ address: { building: '', unit: '', room: '301' } }), me.token), 'address.building');
    expectFieldError(await app.put('/api/card', cardBody({ address: { building: '1', unit: '', room: '房'.repeat(21) } }), me.token), 'address.room');
    expectFieldError(await app.put('/api/card', cardBody({ householdSize: 0 }), me.token), 'householdSize');
    expectFieldError(await app.put('/api/card', cardBody({ householdSize: 2.5 }), me.token), 'householdSize');
    // 独居老人 with others at home is a contradiction, not a card.
    expectFieldError(await app.put('/api/card', cardBody({ householdSize: 3 }), me.token), 'householdSize');
    expectFieldError(await app.put('/api/card', cardBody({ emergencyContact: { name: '王建军', phone: '12345', relation: '子女' } }), me.token), 'emergencyContact.phone');
    expectFieldError(await app.put('/api/card', cardBody({ emergencyContact: { name: '', phone: '13800001234', relation: '子女' } }), me.token), 'emergencyContact.name');
    expectFieldError(await app.put('/api/card', { ...cardBody(), emergencyContact: undefined }, me.token), 'emergencyContact');
    expect(await tableCounts(app.db)).toEqual(before);
    expectProblem(await app.get('/api/card', me.token), 404);
    // Without tags, consent is not needed.
    expect((await app.put('/api/card', cardBody({ careTags: [], consent: false }), me.token)).status).toBe(200);
  });

  it('refuses anonymous callers', async () => {
    const before = await tableCounts(app.db);
    expectProblem(await app.get('/api/card'), 401);
    expectProblem(await app.put('/api/card', cardBody()), 401);
    expectProblem(await app.get('/api/card/scans'), 401);
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('rotates the QR token: the old code stops working', async () => {
    const me = await app.login('resident', 'card-rotate');
    const staff = await app.login('staff', 'card-rotate-staff');
    expectProblem(await app.post('/api/card/qr-token', {}, me.token), 404, 'CARD_NOT_FOUND');
    const old = (await app.put('/api/card', cardBody(), me.token)).body.qrToken;
    const rotated = await app.post('/api/card/qr-token', {}, me.token);
    expect(rotated.status).toBe(200);
    expect(rotated.body.qrToken).not.toBe(old);
    expectProblem(await app.get(`/api/card/scan/${old}`, staff.token), 404);
    expect((await app.get(`/api/card/scan/${rotated.body.qrToken}`, staff.token)).status).toBe(200);
  });

  it('withdraws the card', async () => {
    const me = await app.login('resident', 'card-delete');
    await app.put('/api/card', cardBody(), me.token);
    expect((await app.del('/api/card', me.token)).status).toBe(200);
    expectProblem(await app.get('/api/card', me.token), 404);
    expectProblem(await app.del('/api/card', me.token), 404);
  });
});

(onPostgres() ? it : it.skip)('concurrent first saves by one resident make exactly one card (PostgreSQL)', async () => {
  const me = await app.login('resident', 'card-race');
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => app.put('/api/card', cardBody({ householdSize: i + 1, careTags: ['elderly-80'] }), me.token)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
  const rows = await app.db.select().from(schema.cards).where(eq(schema.cards.userId, me.user.id));
  expect(rows).toHaveLength(1);
  expect(new Set(answers.map((a) => a.body.qrToken)).size).toBe(1);
});

describe('neighbour card: the audited staff scan', () => {
  it('shows staff the card in full, writes an audit row about the owner, and the owner sees who looked', async () => {
    const owner = await app.login('resident', 'scan-owner');
    await setPhone(owner.user.id, '13922223333');
    const card = (await app.put('/api/card', cardBody(), owner.token)).body;
    expect((await app.get('/api/card/scans', owner.token)).body).toEqual({ items: [], nextCursor: null });

    const staff = await app.login('staff', 'scan-staff');
    const scan = await app.get(`/api/card/scan/${card.qrToken}`, staff.token);
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({
      number: card.number,
      address: card.address,
      careTags: card.careTags,
      emergencyContact: { name: '王建军', phone: '13800001234', relation: '子女' },
      holder: { displayName: owner.user.displayName, phone: '13922223333' },
      scannedAt: expect.stringMatching(/\+08:00$/),
    });
    expect(scan.body.qrToken).toBeUndefined();

    const audit = await app.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'card.scanned'), eq(schema.auditLog.subjectUserId, owner.user.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: staff.user.id, targetType: 'card', targetId: card.id });

    const admin = await app.login('admin', 'scan-admin');
    expect((await app.get(`/api/card/scan/${card.qrToken}`, admin.token)).status).toBe(200);

    const log = await app.get('/api/card/scans', owner.token);
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items.map((i: any) => i.staffName).sort()).toEqual([admin.user.displayName, staff.user.displayName].sort());
    expect(log.body.items[0]).toMatchObject({ scannedAt: expect.stringMatching(/\+08:00$/), unit: '石楠街道', staffRole: expect.any(String) });
    // Another resident's log does not show these scans.
    const other = await app.login('resident', 'scan-other');
    expect((await app.get('/api/card/scans', other.token)).body.items).toEqual([]);
    // Paging.
    const p1 = await app.get('/api/card/scans?limit=1', owner.token);
    const p2 = await app.get(`/api/card/scans?limit=1&cursor=${p1.body.nextCursor}`, owner.token);
    expect([...p1.body.items, ...p2.body.items].map((i: any) => i.id)).toEqual(log.body.items.map((i: any) => i.id));
    expect(p2.body.nextCursor).toBeNull();
    expectFieldError(await app.get('/api/card/scans?limit=101', owner.token), 'limit');
  });

  it('refuses residents and volunteers (403) and unknown tokens (404), auditing nothing', async () => {
    const owner = await app.login('resident', 'scan-owner2');
    const card = (await app.put('/api/card', cardBody(), owner.token)).body;
    const other = await app.login('resident', 'scan-nosy');
    const volunteer = await app.login('volunteer', 'scan-vol');
    const staff = await app.login('staff', 'scan-staff2');
    const before = await tableCounts(app.db);
    expectProblem(await app.get(`/api/card/scan/${card.qrToken}`), 401);
    expectProblem(await app.get(`/api/card/scan/${card.qrToken}`, other.token), 403);
    expectProblem(await app.get(`/api/card/scan/${card.qrToken}`, volunteer.token), 403);
    expectProblem(await app.get(`/api/card/scan/${card.qrToken}`, owner.token), 403);
    expectProblem(await app.get(`/api/card/scan/${'x'.repeat(32)}`, staff.token), 404, 'CARD_NOT_FOUND');
    expectProblem(await app.get('/api/card/scan/short', staff.token), 404, 'CARD_NOT_FOUND');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('lets staff scoped to one community see only cards of that community (404 otherwise)', async () => {
    const owner = await app.login('resident', 'scan-scoped-owner');
    const card = (await app.put('/api/card', cardBody(), owner.token)).body;
    const communities = (await app.get('/api/communities')).body.items;
    const own = communities.find((c: any) => c.id === card.community.id);
    const elsewhere = communities.find((c: any) => c.id !== card.community.id);
    const mine = await app.login('staff', 'scan-scoped-mine');
    const theirs = await app.login('staff', 'scan-scoped-theirs');
    await app.db.update(schema.users).set({ staffCommunityId: own.id }).where(eq(schema.users.id, mine.user.id));
    await app.db.update(schema.users).set({ staffCommunityId: elsewhere.id }).where(eq(schema.users.id, theirs.user.id));
    const before = await tableCounts(app.db);
    expectProblem(await app.get(`/api/card/scan/${card.qrToken}`, theirs.token), 404, 'CARD_NOT_FOUND');
    expect(await tableCounts(app.db)).toEqual(before);
    expect((await app.get(`/api/card/scan/${card.qrToken}`, mine.token)).status).toBe(200);
    const log = (await app.get('/api/card/scans', owner.token)).body.items;
    expect(log).toHaveLength(1);
    expect(log[0].unit).toBe(own.name);
  });
});

describe('neighbour card: staff look-up by number or address, with a reason', () => {
  const lookup = (body: unknown, token?: string) => app.post('/api/card/lookup', body, token);
  const REASON = '独居老人家中无人应门，联系家属';

  it('finds a card by its printed number typed any way, audits it, and the holder sees it with the reason', async () => {
    const owner = await app.login('resident', 'lookup-owner');
    const card = (await app.put('/api/card', cardBody({ address: { building: '7 号楼', unit: '1 单元', room: '502' } }), owner.token)).body;
    const staff = await app.login('staff', 'lookup-staff');
    const serial = card.number.slice(-6);
    for (const number of [card.number, card.number.toLowerCase(), ` ${card.number.replace(/-/g, '－')} `, serial, String(Number(serial))]) {
      const r = await lookup({ number, reason: REASON }, staff.token);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        id: card.id,
        number: card.number,
        holder: { displayName: owner.user.displayName },
        emergencyContact: { name: '王建军', phone: '13800001234' },
        scannedAt: expect.stringMatching(/\+08:00$/),
      });
      expect(r.body.qrToken).toBeUndefined();
    }
    const audit = await app.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'card.looked_up'), eq(schema.auditLog.subjectUserId, owner.user.id)));
    expect(audit).toHaveLength(5);
    expect(audit[0]).toMatchObject({ actorId: staff.user.id, targetType: 'card', targetId: card.id, detail: { number: card.number, by: 'number', reason: REASON } });
    const log = (await app.get('/api/card/scans', owner.token)).body.items;
    expect(log).toHaveLength(5);
    expect(log[0]).toMatchObject({ kind: 'lookup', reason: REASON, staffName: staff.user.displayName });
    // A scan still shows as a scan, without a reason.
    await app.get(`/api/card/scan/${card.qrToken}`, staff.token);
    expect((await app.get('/api/card/scans', owner.token)).body.items[0]).toMatchObject({ kind: 'scan', reason: null });
    // The holder's data export lists the look-ups with their reason.
    const exported = await app.get('/api/me/export', owner.token);
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain(REASON);
  });

  it('finds a card by building + room, however the building and room are written; unit or name narrow it', async () => {
    const a = await app.login('resident', 'lookup-addr-a');
    const b = await app.login('resident', 'lookup-addr-b');
    const cardA = (await app.put('/api/card', cardBody({ address: { building: '23 号楼', unit: '1 单元', room: '1101' } }), a.token)).body;
    const cardB = (await app.put('/api/card', cardBody({ address: { building: '23栋', unit: '2单元', room: '1101室' } }), b.token)).body;
    const staff = await app.login('staff', 'lookup-addr-staff');
    // Two cards at 23 / 1101 (different units): the look-up asks for more rather than show both.
    const before = await tableCounts(app.db);
    expectProblem(await lookup({ building: '23', room: '1101', reason: REASON }, staff.token), 409, 'CARD_AMBIGUOUS');
    const after = await tableCounts(app.db);
    expect(after.audit_log).toBe(before.audit_log + 1); // the miss is audited
    expect((await lookup({ building: '23号楼', unit: '2', room: '1101', reason: REASON }, staff.token)).body.id).toBe(cardB.id);
    expect((await lookup({ building: '23幢', room: '1101号', name: a.user.displayName, reason: REASON }, staff.token)).body.id).toBe(cardA.id);
    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'card.looked_up'));
    expect(audit.find((r) => r.subjectUserId === b.user.id)?.detail).toMatchObject({ by: 'address', reason: REASON });
    expectProblem(await lookup({ building: '23', room: '1102', reason: REASON }, staff.token), 404, 'CARD_NOT_FOUND');
    // The admin's audit log reads both in words: who, whose card, how, why; the miss says what was asked.
    const admin = await app.login('admin', 'lookup-addr-admin');
    const found = (await app.get('/api/admin/audit?action=card.looked_up', admin.token)).body.items.find((i: any) => i.subjectUserId === b.user.id);
    expect(found).toMatchObject({ actionName: '按卡号或住址查看亲情卡', targetLabel: `亲情卡 ${cardB.number}`, subjectName: b.user.displayName });
    expect(found.details).toEqual(expect.arrayContaining([{ label: '原因', value: REASON }, { label: '查找方式', value: '楼栋房号' }]));
    const missed = (await app.get('/api/admin/audit?action=card.lookup_missed', admin.token)).body.items;
    expect(missed[0].details).toEqual(expect.arrayContaining([{ label: '查找内容', value: '23 1102' }, { label: '找到', value: '没有' }]));
  });

  it('refuses a look-up without a reason, number or address with 400 naming the field, writing nothing', async () => {
    const owner = await app.login('resident', 'lookup-bad-owner');
    const card = (await app.put('/api/card', cardBody({ address: { building: '31 号楼', unit: '', room: '101' } }), owner.token)).body;
    const staff = await app.login('staff', 'lookup-bad-staff');
    const before = await tableCounts(app.db);
    expectFieldError(await lookup({ number: card.number }, staff.token), 'reason');
    expectFieldError(await lookup({ number: card.number, reason: '  ' }, staff.token), 'reason');
    expectFieldError(await lookup({ number: card.number, reason: '看看' }, staff.token), 'reason');
    expectFieldError(await lookup({ number: card.number, reason: '急'.repeat(101) }, staff.token), 'reason');
    expectFieldError(await lookup({ reason: REASON }, staff.token), 'number');
    expectFieldError(await lookup({ number: 'ABC-123', reason: REASON }, staff.token), 'number');
    expectFieldError(await lookup({ building: '31', reason: REASON }, staff.token), 'room');
    expectFieldError(await lookup({ room: '101', reason: REASON }, staff.token), 'building');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('refuses residents, volunteers and anonymous callers; community staff find only their community\'s cards', async () => {
    const owner = await app.login('resident', 'lookup-scope-owner');
    const card = (await app.put('/api/card', cardBody({ address: { building: '41 号楼', unit: '', room: '202' } }), owner.token)).body;
    const resident = await app.login('resident', 'lookup-nosy');
    const volunteer = await app.login('volunteer', 'lookup-vol');
    const communities = (await app.get('/api/communities')).body.items;
    const own = communities.find((c: any) => c.id === card.community.id);
    const elsewhere = communities.find((c: any) => c.id !== card.community.id);
    const mine = await app.login('staff', 'lookup-scope-mine');
    const theirs = await app.login('staff', 'lookup-scope-theirs');
    await app.db.update(schema.users).set({ staffCommunityId: own.id }).where(eq(schema.users.id, mine.user.id));
    await app.db.update(schema.users).set({ staffCommunityId: elsewhere.id }).where(eq(schema.users.id, theirs.user.id));
    const body = { number: card.number, reason: REASON };
    const before = await tableCounts(app.db);
    expectProblem(await lookup(body), 401);
    expectProblem(await lookup(body, resident.token), 403);
    expectProblem(await lookup(body, volunteer.token), 403);
    expectProblem(await lookup(body, owner.token), 403);
    expect(await tableCounts(app.db)).toEqual(before);
    expectProblem(await lookup(body, theirs.token), 404, 'CARD_NOT_FOUND');
    expectProblem(await lookup({ building: '41', room: '202', reason: REASON }, theirs.token), 404, 'CARD_NOT_FOUND');
    expect((await app.get('/api/card/scans', owner.token)).body.items).toEqual([]);
    const r = await lookup({ building: '41', room: '202', reason: REASON }, mine.token);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(card.id);
    const log = (await app.get('/api/card/scans', owner.token)).body.items;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'lookup', unit: own.name, reason: REASON });
  });
});

describe('reading a scanned QR code', () => {
  it('accepts the payload, a bare token or a URL, and nothing else', () => {
    const t = 'AbC_dEf-0123456789abcdefghijklmn';
    expect(qrTokenFromScan(`SNCARD:${t}`)).toBe(t);
    expect(qrTokenFromScan(t)).toBe(t);
    expect(qrTokenFromScan(`https://x.example/card?t=${t}`)).toBe(t);
    expect(qrTokenFromScan('hello world')).toBeNull();
    expect(qrTokenFromScan('SNCARD:')).toBeNull();
  });
});
