import { matchSkills, rankCandidates, reasonOf } from '../../api/_lib/services/requests/suggest';

const escort = { title: '助老陪诊', tags: [] as string[] };

describe('matchSkills', () => {
  it('a whole skill in the title beats a shared word, which beats none; generic words say nothing', () => {
    expect(matchSkills(['陪诊', '健康咨询'], escort)).toEqual({ level: 'whole', matched: ['陪诊'] });
    expect(matchSkills(['助老服务', '政策宣传'], escort)).toEqual({ level: 'part', matched: ['助老服务'] });
    expect(matchSkills(['家电维修', '水电维修'], escort)).toEqual({ level: 'none', matched: [] });
    // 服务 is in every other title: it is no reason to send someone.
    expect(matchSkills(['环境服务'], { title: '居家养老上门服务', tags: [] })).toEqual({ level: 'none', matched: [] });
    // Tags count as the service's words.
    expect(matchSkills(['修电视'], { title: '家电维修上门', tags: ['修电视'] }).level).toBe('whole');
  });
});

describe('rankCandidates', () => {
  const base = { skills: [] as string[], communityId: 'c1', sameCommunity: true, openTasks: 0, completedCount: 0, recentMinutes: 0 };
  it('orders by fit, then community, then load, then recent hours, then experience', () => {
    const ranked = rankCandidates(
      [
        { ...base, realName: '甲', skills: ['家电维修'] },
        { ...base, realName: '乙', skills: ['陪诊'], openTasks: 2 },
        { ...base, realName: '丙', skills: ['陪诊'], sameCommunity: false, communityId: null },
        { ...base, realName: '丁', skills: ['陪诊'], recentMinutes: 120 },
        { ...base, realName: '戊', skills: ['陪诊'] },
        { ...base, realName: '己', skills: ['助老服务'] },
      ],
      escort,
    );
    expect(ranked.map((c) => c.realName)).toEqual(['戊', '丁', '乙', '丙', '己', '甲']);
    expect(ranked.map((c) => c.reason)).toEqual([
      '技能匹配：陪诊·同社区·手头0单·近30天未服务',
      '技能匹配：陪诊·同社区·手头0单·近30天服务2小时',
      '技能匹配：陪诊·同社区·手头2单·近30天未服务',
      '技能匹配：陪诊·街道志愿者·手头0单·近30天未服务',
      '技能匹配：助老服务·同社区·手头0单·近30天未服务',
      '特长不对口·同社区·手头0单·近30天未服务',
    ]);
  });

  it('says hours with one decimal and names another community by leaving it out', () => {
    expect(reasonOf({ ...base, realName: 'x', sameCommunity: false, communityId: 'c2', recentMinutes: 95 }, { level: 'none', matched: [] })).toBe('特长不对口·手头0单·近30天服务1.6小时');
  });
});
