import { FeedbackStatsSchema } from '../../shared/feedback';
import { startTestApp, type TestApp } from '../support/app';

/** Street-local date-times, so the figures can be worked out by hand. */
const at = (s: string) => new Date(`${s}+08:00`);

describe('feedback accountability figures', () => {
  let app: TestApp;
  let staff: string;
  let n = 0;
  beforeAll(async () => {
    app = await startTestApp();
    staff = (await app.login('staff', 'stats-staff')).token;
  });
  afterAll(() => app.close());

  /** Reports at `created`, assigns to `party` with `deadline`, optionally resolves at `resolved` and rates. */
  async function scenario(o: { party: string; created: string; deadline: string; resolved?: string; rating?: string; isPublic?: boolean }) {
    const me = await app.login('resident', `stats-${++n}`);
    app.setNow(at(o.created));
    const item = await app.post('/api/feedback', { category: 'property', title: `问题${n}`, body: '电梯经常停运', public: o.isPublic ?? true, anonymous: true }, me.token);
    expect(item.status).toBe(201);
    const a = await app.post(`/api/feedback/${item.body.id}/assign`, { responsibleParty: o.party, measures: '维修', deadline: at(o.deadline).toISOString() }, staff);
    expect(a.status).toBe(200);
    if (o.resolved) {
      app.setNow(at(o.resolved));
      expect((await app.post(`/api/feedback/${item.body.id}/resolve`, { result: '已修好' }, staff)).status).toBe(200);
      if (o.rating) expect((await app.post(`/api/feedback/${item.body.id}/rate`, { rating: o.rating }, me.token)).status).toBe(200);
    }
    return item.body.id as string;
  }

  it('computes count, on-time rate, median days and satisfaction per responsible party', async () => {
    // 物业公司: 4 items. Resolved in 2 d (on time, 满意), 4 d (late, 基本满意), 6 d (on time, 不满意 → reopened, so unrated),
    // and one still open, past its deadline on the day we look.
    await scenario({ party: '石楠物业公司', created: '2026-10-01T09:00:00', deadline: '2026-10-05T18:00:00', resolved: '2026-10-03T09:00:00', rating: 'satisfied' });
    await scenario({ party: '石楠物业公司', created: '2026-10-01T09:00:00', deadline: '2026-10-03T18:00:00', resolved: '2026-10-05T09:00:00', rating: 'basically_satisfied' });
    await scenario({ party: '石楠物业公司', created: '2026-10-02T09:00:00', deadline: '2026-10-10T18:00:00', resolved: '2026-10-08T09:00:00', rating: 'unsatisfied' });
    await scenario({ party: '石楠物业公司', created: '2026-10-20T09:00:00', deadline: '2026-10-25T18:00:00' });
    // 社区居委会: 2 items, both on time, one 不满意 twice (closed unsatisfied, private: counted all the same).
    await scenario({ party: '石楠社区居委会', created: '2026-10-01T09:00:00', deadline: '2026-10-04T18:00:00', resolved: '2026-10-02T09:00:00', rating: 'satisfied' });
    const twice = await scenario({ party: '石楠社区居委会', created: '2026-10-01T09:00:00', deadline: '2026-10-09T18:00:00', resolved: '2026-10-04T09:00:00', rating: 'unsatisfied', isPublic: false });
    app.setNow(at('2026-10-05T09:00:00'));
    await app.post(`/api/feedback/${twice}/resolve`, { result: '再次维修' }, staff);
    // The reporter of `twice` is the last resident logged in.
    const reporter = await app.login('resident', `stats-${n}`);
    expect((await app.post(`/api/feedback/${twice}/rate`, { rating: 'unsatisfied' }, reporter.token)).body.status).toBe('closed');

    app.setNow(at('2026-11-01T12:00:00'));
    const r = await app.get('/api/feedback/stats');
    expect(r.status).toBe(200);
    const stats = FeedbackStatsSchema.parse(r.body);
    expect(stats.generatedAt).toBe('2026-11-01T12:00:00.000+08:00');
    expect(stats.items.map((i) => i.responsibleParty)).toEqual(['石楠物业公司', '石楠社区居委会']);
    expect(stats.items[0]).toEqual({
      responsibleParty: '石楠物业公司',
      count: 4,
      resolvedCount: 2, // the 不满意 one went back to in progress
      openCount: 2,
      overdueCount: 2, // the reopened one (deadline 10-10) and the untouched one (10-25)
      onTimeRate: 0.25, // 1 on time ÷ (2 resolved + 2 overdue)
      medianDaysToResolve: 3, // 2 d and 4 d
      ratedCount: 2,
      satisfaction: 1,
    });
    expect(stats.items[1]).toEqual({
      responsibleParty: '石楠社区居委会',
      count: 2,
      resolvedCount: 2,
      openCount: 0,
      overdueCount: 0,
      onTimeRate: 1,
      medianDaysToResolve: 2.5, // 1 d and 4 d (the second resolution counts)
      ratedCount: 2,
      satisfaction: 0.5,
    });
    expect(stats.totals).toEqual({
      count: 6,
      resolvedCount: 4,
      openCount: 2,
      overdueCount: 2,
      onTimeRate: 0.5,
      medianDaysToResolve: 3,
      ratedCount: 4,
      satisfaction: 0.75,
    });
    // A month earlier nothing was overdue yet, and the rate had only resolved items behind it.
    app.setNow(at('2026-10-09T12:00:00'));
    const early = FeedbackStatsSchema.parse((await app.get('/api/feedback/stats')).body);
    expect(early.items[0]).toMatchObject({ overdueCount: 0, onTimeRate: 0.5 });
  });

  it('answers empty figures as nulls, not zeros', async () => {
    const fresh = await app.get('/api/feedback/stats');
    expect(fresh.body.totals.count).toBeGreaterThan(0);
    // Rejected items are not anyone's record.
    const me = await app.login('resident', 'stats-reject');
    app.setNow(at('2026-11-02T09:00:00'));
    const item = await app.post('/api/feedback', { category: 'other', title: '建议', body: '建议增加座椅', public: true, anonymous: true }, me.token);
    await app.post(`/api/feedback/${item.body.id}/assign`, { responsibleParty: '新单位', measures: '研究', deadline: at('2026-11-09T18:00:00').toISOString() }, staff);
    let stats = (await app.get('/api/feedback/stats')).body;
    expect(stats.items.find((i: any) => i.responsibleParty === '新单位')).toEqual({
      responsibleParty: '新单位', count: 1, resolvedCount: 0, openCount: 1, overdueCount: 0,
      onTimeRate: null, medianDaysToResolve: null, ratedCount: 0, satisfaction: null,
    });
    await app.post(`/api/feedback/${item.body.id}/reject`, { reason: '已在规划中' }, staff);
    stats = (await app.get('/api/feedback/stats')).body;
    expect(stats.items.find((i: any) => i.responsibleParty === '新单位')).toBeUndefined();
  });
  it('counts an item shared by two units for each unit, and offers the units named so far to staff', async () => {
    app.setNow(at('2026-11-10T09:00:00'));
    await scenario({ party: '桂香社区居委会、石楠派出所', created: '2026-11-10T09:00:00', deadline: '2026-11-15T18:00:00', resolved: '2026-11-12T09:00:00' });
    await scenario({ party: '石楠派出所', created: '2026-11-10T09:00:00', deadline: '2026-11-11T18:00:00' });
    app.setNow(at('2026-11-20T12:00:00'));
    const stats = (await app.get('/api/feedback/stats')).body;
    const names = stats.items.map((i: any) => i.responsibleParty);
    expect(names).not.toContain('桂香社区居委会、石楠派出所');
    expect(stats.items.find((i: any) => i.responsibleParty === '桂香社区居委会')).toMatchObject({ count: 1, resolvedCount: 1, onTimeRate: 1 });
    // One on time, one open past its deadline.
    expect(stats.items.find((i: any) => i.responsibleParty === '石楠派出所')).toMatchObject({ count: 2, resolvedCount: 1, overdueCount: 1, onTimeRate: 0.5 });
    const desk = (await app.get('/api/staff/dashboard', staff)).body;
    expect(desk.series.onTimeRateByParty.find((p: any) => p.responsibleParty === '石楠派出所')).toMatchObject({ count: 2 });
    expect(desk.series.onTimeRateByParty.map((p: any) => p.responsibleParty)).not.toContain('桂香社区居委会、石楠派出所');

    const units = await app.get('/api/feedback/responsible-units', staff);
    expect(units.status).toBe(200);
    expect(units.body.items).toEqual(expect.arrayContaining([{ name: '石楠派出所', count: 2 }, { name: '桂香社区居委会', count: 1 }]));
    expect(units.body.items.map((u: any) => u.name)).not.toContain('桂香社区居委会、石楠派出所');
    const resident = await app.login('resident', 'stats-units');
    expect((await app.get('/api/feedback/responsible-units', resident.token)).status).toBe(403);
  });
});
