import type { YearlyRecord } from '../../shared/redpost';
import { drawRecord, RECORD_IMAGE_WIDTH, recordImageHeight, type Canvas2D } from '../../miniprogram/packages/redpost/record-image';

/** A 2d context that keeps what was drawn; a CJK glyph is as wide as the font is tall, other characters half that. */
function recordingContext() {
  const texts: { text: string; x: number; y: number; font: string; width: number }[] = [];
  const rects: { x: number; y: number; w: number; h: number; fill: unknown }[] = [];
  const ctx: Canvas2D = {
    fillStyle: '#000',
    font: '10px sans-serif',
    fillRect(x, y, w, h) {
      rects.push({ x, y, w, h, fill: this.fillStyle });
    },
    fillText(text, x, y) {
      texts.push({ text, x, y, font: this.font, width: this.measureText(text).width });
    },
    measureText(text) {
      const size = Number.parseInt(this.font, 10);
      return { width: [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? size / 2 : size), 0) };
    },
  };
  return { ctx, texts, rects };
}

function record(items: number, title = '助老陪诊'): YearlyRecord {
  return {
    year: 2026,
    userId: 'u1',
    realName: '李红梅',
    isPartyMember: true,
    workUnit: '石楠中学',
    stars: 4,
    minutes: 19 * 60 + 30,
    hours: 19.5,
    shiftCount: 7,
    orderCount: 3,
    items: Array.from({ length: items }, (_, i) => ({
      sourceType: 'shift',
      sourceId: `s${i}`,
      title,
      category: '红岗值守',
      servedAt: `2026-03-${String((i % 28) + 1).padStart(2, '0')}T01:00:00.000Z`,
      minutes: 90,
      hours: 1.5,
    })) as YearlyRecord['items'],
  };
}

test('the image carries the title, the name with party membership, the hours, the counts and the stars', () => {
  const { ctx, texts } = recordingContext();
  drawRecord(ctx, record(3));
  const all = texts.map((t) => t.text);
  expect(all).toEqual(
    expect.arrayContaining([
      '2026 年度红岗志愿服务档案',
      '李红梅（中共党员）',
      '工作单位：石楠中学',
      '19.5 小时',
      '红岗值守 7 次 · 菜单式服务 3 次 · 星级 ★★★★☆',
      '3月1日  红岗值守  助老陪诊',
    ]),
  );
  expect(all.filter((t) => t === '1.5 小时')).toHaveLength(3);
});

test('the background covers the whole image, whose height grows with the rows up to twelve', () => {
  const { ctx, rects } = recordingContext();
  drawRecord(ctx, record(20));
  expect(rects[0]).toEqual({ x: 0, y: 0, w: RECORD_IMAGE_WIDTH, h: recordImageHeight(record(20)), fill: '#fffaf5' });
  expect(recordImageHeight(record(20))).toBe(recordImageHeight(record(12)));
  expect(recordImageHeight(record(2))).toBeLessThan(recordImageHeight(record(3)));
});

test('only the first twelve rows are drawn', () => {
  const { ctx, texts } = recordingContext();
  drawRecord(ctx, record(20));
  expect(texts.filter((t) => t.text === '1.5 小时')).toHaveLength(12);
});

test('no text runs off the image or under the hours column; a cut title ends in "…"', () => {
  const { ctx, texts } = recordingContext();
  drawRecord(ctx, record(2, '为独居老人上门更换厨房燃气报警器并讲解使用方法和注意事项'));
  for (const t of texts) expect(t.x + t.width).toBeLessThanOrEqual(RECORD_IMAGE_WIDTH);
  const row = texts.find((t) => t.text.startsWith('3月1日'))!;
  expect(row.text.endsWith('…')).toBe(true);
  const hours = texts.find((t) => t.text === '1.5 小时' && t.y === row.y)!;
  expect(row.x + row.width).toBeLessThan(hours.x);
  expect(hours.x + hours.width).toBe(RECORD_IMAGE_WIDTH - 32);
});

test('a volunteer without a work unit, stars or party membership gets no empty lines', () => {
  const { ctx, texts } = recordingContext();
  drawRecord(ctx, { ...record(0), workUnit: null, stars: null, isPartyMember: false });
  const all = texts.map((t) => t.text);
  expect(all).toContain('李红梅');
  expect(all.some((t) => t.startsWith('工作单位'))).toBe(false);
  expect(all).toContain('红岗值守 7 次 · 菜单式服务 3 次');
});

test("the band names the street from its settings, not a street written into the code", () => {
  const { ctx, texts } = recordingContext();
  drawRecord(ctx, record(1), '桂花街道');
  const all = texts.map((t) => t.text);
  expect(all).toContain('桂花街道 · 石楠邻里');
  expect(all.join('\n')).not.toContain('石楠街道');
});
