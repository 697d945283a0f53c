import { operations } from '../../api/client';
import { feedbackRoutes } from '../../../shared/contract/feedback';
import type { RequestBody, RequestQuery } from '../../../shared/contract/route';
import type { FeedbackRating, FeedbackReportStatus } from '../../../shared/feedback';
import { streetClock } from '../../../shared/time';

// The contract itself (a subpackage may carry zod): each answer is parsed with its response schema.
const feedback = operations(feedbackRoutes);

/** The typed calls of 问题墙 / 回音壁; pages use them through useQuery / useMutation. */
export const feedbackApi = {
  categories: () => feedback.categories({}, { silent: true }),
  wall: (cursor?: string) => feedback.wall({ query: { cursor, limit: 50 } }, { silent: true }),
  echo: (cursor?: string) => feedback.echo({ query: { cursor, limit: 50 } }, { silent: true }),
  stats: () => feedback.stats({}, { silent: true }),
  mine: () => feedback.mine({ query: { limit: 50 } }, { silent: true }),
  get: (id: string) => feedback.get({ id }, { silent: true }),
  inbox: (filters: Omit<RequestQuery<typeof feedbackRoutes.inbox>, 'limit'>) => feedback.inbox({ query: { ...filters, limit: 50 } }, { silent: true }),
  create: (body: RequestBody<typeof feedbackRoutes.create>, idempotencyKey: string) => feedback.create({ body }, { idempotencyKey, silent: true }),
  reply: (id: string, body: string, idempotencyKey: string, photoIds: string[] = []) =>
    feedback.reply({ id, body: { body, photoIds } }, { idempotencyKey, silent: true }),
  /** Units named as responsible parties so far (staff), for the 受理 form's picker. */
  responsibleUnits: () => feedback.responsibleUnits({}, { silent: true }),
  assign: (id: string, body: RequestBody<typeof feedbackRoutes.assign>) => feedback.assign({ id, body }, { silent: true }),
  resolve: (id: string, result: string, photoIds: string[] = []) => feedback.resolve({ id, body: { result, photoIds } }, { silent: true }),
  /** 我也遇到 (on) or take it back; the API client toasts a refusal. */
  support: (id: string, on: boolean) => (on ? feedback.support({ id }) : feedback.withdrawSupport({ id })),
  reject: (id: string, reason: string) => feedback.reject({ id, body: { reason } }, { silent: true }),
  report: (id: string, body: RequestBody<typeof feedbackRoutes.report>, idempotencyKey: string) =>
    feedback.report({ id, body }, { idempotencyKey, silent: true }),
  reports: (status?: FeedbackReportStatus) => feedback.reports({ query: { status, limit: 50 } }, { silent: true }),
  confirmReport: (id: string) => feedback.confirmReport({ id }),
  dismissReport: (id: string) => feedback.dismissReport({ id }),
  rate: (id: string, rating: FeedbackRating, comment?: string) => feedback.rate({ id, body: { rating, comment } }, { silent: true }),
};

/** "还剩 3 天" / "今天到期" / "已超期 2 天": what the countdown on the wall says. */
export function countdownText(daysLeft: number | null, overdue: boolean): string {
  if (daysLeft === null) return '待明确期限';
  if (overdue) return daysLeft === 0 ? '今天已超期' : `已超期 ${-daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `还剩 ${daysLeft} 天`;
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const local = streetClock(new Date(iso));
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

export function formatDayTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const local = streetClock(new Date(iso));
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${hh}:${mm}`;
}

export const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
