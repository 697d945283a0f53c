import { blocklistHit, normaliseForMatching } from '../../api/_lib/services/content-check';

/** The word-list match of local mode, on normalised text (the API-level run is in tests/api/feedback.test.ts). */
describe('blocklist normalisation', () => {
  const list = ['法轮功', '代开发票', 'QQ代刷', '私彩代购'];

  it.each([
    ['zero-width joiner', '法\u200d轮功'],
    ['zero-width space and non-joiner', '法\u200b轮\u200c功'],
    ['soft hyphen', '代\u00ad开\u00ad发\u00ad票'],
    ['word joiner', '法\u2060轮\u2060功'],
    ['byte-order mark', '\ufeff法轮功'],
    ['bidi marks', '法\u200e轮\u202a功\u202c'],
    ['ASCII spaces', '法 轮 功'],
    ['ideographic space', '法\u3000轮\u3000功'],
    ['full-width letters', 'ＱＱ代刷'],
    ['lower-case letters', 'qq代刷'],
    ['traditional', '法輪功'],
    ['traditional with joiner and space', '代\u200d開 發票'],
    ['variation selector', '私\ufe0f彩代購'],
  ])('catches %s', (_name, text) => {
    expect(blocklistHit(`有人在群里发${text}的广告`, list)).not.toBeNull();
  });

  it('normalises the list as well, so a configured traditional or spaced word still matches', () => {
    expect(blocklistHit('小区里有人代开发票', ['代開 發票'])).toBe('代開 發票');
  });

  it('leaves ordinary text alone', () => {
    expect(blocklistHit('法律援助中心在轮值，功能室开放。', list)).toBeNull();
    expect(normaliseForMatching('石楠社区 3 号楼')).toBe('石楠社区3号楼');
  });
});
