import type { YearlyRecord } from '../../../shared/redpost';
import { dayLabel, stars } from './format';
import { DEFAULT_STREET_SETTINGS } from '../../../shared/official-account';

/** The part of a canvas 2d context the record image needs (WeChat's and the browser's both have it). */
export interface Canvas2D {
  fillStyle: unknown;
  font: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

export const RECORD_IMAGE_WIDTH = 600;
const LINE = 44;
const MAX_ROWS = 12;
const TOP = 420;
const MARGIN = 32;
const FONT = 'sans-serif';

/** Height in drawing units of the image for this record (rows beyond the first twelve are left out). */
export function recordImageHeight(r: YearlyRecord): number {
  return TOP + Math.min(r.items.length, MAX_ROWS) * LINE + 80;
}

/** Cuts text to the width, marking the cut with "…" so a reader knows something is missing. */
function fit(ctx: Canvas2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function text(ctx: Canvas2D, value: string, x: number, y: number, size: number, colour: string, maxWidth = RECORD_IMAGE_WIDTH - MARGIN - x) {
  ctx.font = `${size}px ${FONT}`;
  ctx.fillStyle = colour;
  ctx.fillText(fit(ctx, value, maxWidth), x, y);
}

/**
 * Draws 年度红岗志愿服务档案 as an image a volunteer can save and send to family: the band,
 * name, hours, counts and the first rows of the year, in drawing units (the caller scales
 * the canvas for the screen's pixel ratio).
 */
export function drawRecord(ctx: Canvas2D, r: YearlyRecord, streetName = DEFAULT_STREET_SETTINGS.streetName): void {
  const height = recordImageHeight(r);
  ctx.fillStyle = '#fffaf5';
  ctx.fillRect(0, 0, RECORD_IMAGE_WIDTH, height);
  ctx.fillStyle = '#c8102e';
  ctx.fillRect(0, 0, RECORD_IMAGE_WIDTH, 150);
  text(ctx, `${r.year} 年度红岗志愿服务档案`, MARGIN, 70, 34, '#ffffff');
  text(ctx, `${streetName} · 石楠邻里`, MARGIN, 116, 24, '#ffffff');
  text(ctx, `${r.realName}${r.isPartyMember ? '（中共党员）' : ''}`, MARGIN, 210, 32, '#1c1f24');
  if (r.workUnit) text(ctx, `工作单位：${r.workUnit}`, MARGIN, 252, 24, '#5a5e66');
  text(ctx, `${r.hours} 小时`, MARGIN, 320, 44, '#c8102e');
  const counts = `红岗值守 ${r.shiftCount} 次 · 菜单式服务 ${r.orderCount} 次${r.stars ? ` · 星级 ${stars(r.stars)}` : ''}`;
  text(ctx, counts, MARGIN, 366, 24, '#5a5e66');
  // The hours sit right-aligned in a column wide enough for "999.5 小时"; the row text stops before it.
  const hoursColumn = RECORD_IMAGE_WIDTH - MARGIN - 140;
  r.items.slice(0, MAX_ROWS).forEach((it, i) => {
    const y = TOP + i * LINE;
    text(ctx, `${dayLabel(it.servedAt).split(' ')[0]}  ${it.category}  ${it.title}`, MARGIN, y, 24, '#1c1f24', hoursColumn - 12 - MARGIN);
    ctx.font = `24px ${FONT}`;
    const hours = `${it.hours} 小时`;
    text(ctx, hours, RECORD_IMAGE_WIDTH - MARGIN - ctx.measureText(hours).width, y, 24, '#1c1f24');
  });
}
