import { preview, sentence } from '../../shared/text';
import { streetDateTimeText, streetDayText } from '../../shared/time';
import { formatDateTime, formatDay, policyVersionText } from '../../miniprogram/lib/format';

// docs/copy-guide.md: one voice for sentences, previews and dates.

test('free text joined into a sentence never doubles its full stop', () => {
  expect(sentence('下雨')).toBe('下雨。');
  expect(sentence('下雨。')).toBe('下雨。');
  expect(sentence('下雨！ ')).toBe('下雨！');
  expect(`已取消：${sentence('下雨。')}感谢您的支持！`).not.toContain('。。');
});

test('a preview marks its cut with … and keeps short text whole', () => {
  expect(preview('已更换门禁控制器', 40)).toBe('已更换门禁控制器');
  const long = '已更换门禁控制器和电磁锁，并为本单元住户重新发放门卡。'.repeat(3);
  const cut = preview(long, 20);
  expect(Array.from(cut)).toHaveLength(20);
  expect(cut.endsWith('…')).toBe(true);
});

test('dates read 12月7日 16:30 in the street zone, the year only when it is another year', () => {
  const now = new Date('2026-12-03T08:00:00Z');
  expect(streetDateTimeText(new Date('2026-12-07T08:30:00Z'), now)).toBe('12月7日 16:30');
  expect(streetDayText(new Date('2026-12-06T16:30:00Z'), now)).toBe('12月7日');
  expect(streetDateTimeText(new Date('2025-12-07T08:30:00Z'), now)).toBe('2025年12月7日 16:30');
  expect(formatDateTime('2026-12-07T16:30:00+08:00', now)).toBe('12月7日 16:30');
  expect(formatDay('2026-12-07T00:10:00+08:00', now)).toBe('12月7日');
  expect(formatDateTime('not a date', now)).toBe('');
});

test('a privacy-notice version reads as a date', () => {
  expect(policyVersionText('2026-12-03.2')).toBe('2026年12月3日第2版');
  expect(policyVersionText('2026-11-01')).toBe('2026年11月1日版');
});
