import { sentence } from '../../shared/text';

/** Text people typed, set inside a message the app writes: one full stop, never two. */
describe('sentence', () => {
  it.each([
    ['信息不全', '信息不全。'],
    ['信息不全。', '信息不全。'],
    ['请补充工作单位！', '请补充工作单位！'],
    ['是否填错了社区？', '是否填错了社区？'],
    ['Wrong community?', 'Wrong community?'],
    ['待核实……', '待核实……'],
    ['  信息不全  ', '信息不全。'],
    ['信息不全，', '信息不全。'],
    ['原因如下：', '原因如下。'],
    ['', ''],
    ['  ', ''],
  ])('%j → %j', (text, expected) => {
    expect(sentence(text)).toBe(expected);
  });

  it('builds the refusal a volunteer reads without a doubled full stop', () => {
    const body = (reason: string) => `社区未通过您的红岗志愿者报到：${sentence(reason)}可修改信息后重新提交。`;
    expect(body('请核对手机号。')).toBe('社区未通过您的红岗志愿者报到：请核对手机号。可修改信息后重新提交。');
    expect(body('请核对手机号')).toBe('社区未通过您的红岗志愿者报到：请核对手机号。可修改信息后重新提交。');
  });
});
