import { api } from '../../api/client';
import {
  CreateFeedbackResponseSchema,
  FeedbackCategoriesSchema,
  FeedbackDetailSchema,
  FeedbackPageSchema,
  FeedbackReportPageSchema,
  FeedbackReportSchema,
  FeedbackStatsSchema,
  RateFeedbackResponseSchema,
  type CreateFeedbackBody,
  type FeedbackRating,
  type FeedbackReportStatus,
  type ReportFeedbackBody,
  type FeedbackStatus,
} from '../../../shared/feedback';
import { ResponsibleUnitListSchema } from '../../../shared/responsible-units';

/** The typed calls of 问题墙 / 回音壁; pages use them through useQuery / useMutation. */
export const feedbackApi = {
  categories: () => api.get('/api/feedback/categories', FeedbackCategoriesSchema, { silent: true }),
  wall: (cursor?: string) => api.get('/api/feedback/wall', FeedbackPageSchema, { query: { cursor, limit: 50 }, silent: true }),
  echo: (cursor?: string) => api.get('/api/feedback/echo', FeedbackPageSchema, { query: { cursor, limit: 50 }, silent: true }),
  stats: () => api.get('/api/feedback/stats', FeedbackStatsSchema, { silent: true }),
  mine: () => api.get('/api/feedback/mine', FeedbackPageSchema, { query: { limit: 50 }, silent: true }),
  get: (id: string) => api.get(`/api/feedback/${encodeURIComponent(id)}`, FeedbackDetailSchema, { silent: true }),
  inbox: (filters: { status?: FeedbackStatus | 'open'; category?: string; communityId?: string; overdue?: boolean; cursor?: string }) =>
    api.get('/api/feedback/inbox', FeedbackPageSchema, { query: { ...filters, limit: 50 }, silent: true }),
  create: (body: CreateFeedbackBody, idempotencyKey: string) =>
    api.post('/api/feedback', body, CreateFeedbackResponseSchema, { idempotencyKey, silent: true }),
  reply: (id: string, body: string, idempotencyKey: string) =>
    api.post(`/api/feedback/${encodeURIComponent(id)}/replies`, { body }, FeedbackDetailSchema, { idempotencyKey, silent: true }),
  /** Units named as responsible parties so far (staff), for the 受理 form's picker. */
  responsibleUnits: () => api.get('/api/feedback/responsible-units', ResponsibleUnitListSchema, { silent: true }),
  assign: (id: string, body: { responsibleParty: string; measures: string; deadline: string }) =>
    api.post(`/api/feedback/${encodeURIComponent(id)}/assign`, body, FeedbackDetailSchema, { silent: true }),
  resolve: (id: string, result: string) => api.post(`/api/feedback/${encodeURIComponent(id)}/resolve`, { result }, FeedbackDetailSchema, { silent: true }),
  reject: (id: string, reason: string) => api.post(`/api/feedback/${encodeURIComponent(id)}/reject`, { reason }, FeedbackDetailSchema, { silent: true }),
  report: (id: string, body: ReportFeedbackBody, idempotencyKey: string) =>
    api.post(`/api/feedback/${encodeURIComponent(id)}/reports`, body, FeedbackReportSchema, { idempotencyKey, silent: true }),
  reports: (status?: FeedbackReportStatus) =>
    api.get('/api/feedback/reports', FeedbackReportPageSchema, { query: { status, limit: 50 }, silent: true }),
  confirmReport: (id: string) => api.post(`/api/feedback/reports/${encodeURIComponent(id)}/confirm`, {}, FeedbackReportSchema),
  dismissReport: (id: string) => api.post(`/api/feedback/reports/${encodeURIComponent(id)}/dismiss`, {}, FeedbackReportSchema),
  rate: (id: string, rating: FeedbackRating, comment?: string) =>
    api.post(`/api/feedback/${encodeURIComponent(id)}/rate`, { rating, comment }, RateFeedbackResponseSchema, { silent: true }),
};

export const FEEDBACK_ROUTES = {
  wall: '/packages/feedback/pages/index/index',
  echo: '/packages/feedback/pages/echo/index',
  figures: '/packages/feedback/pages/figures/index',
  create: '/packages/feedback/pages/new/index',
  mine: '/packages/feedback/pages/mine/index',
  detail: '/packages/feedback/pages/detail/index',
  inbox: '/packages/feedback/pages/staff-inbox/index',
  handle: '/packages/feedback/pages/staff-handle/index',
} as const;

/** "还剩 3 天" / "今天到期" / "已超期 2 天": what the countdown on the wall says. */
export function countdownText(daysLeft: number | null, overdue: boolean): string {
  if (daysLeft === null) return '待明确期限';
  if (overdue) return daysLeft === 0 ? '今天已超期' : `已超期 ${-daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `还剩 ${daysLeft} 天`;
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

export function formatDayTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${hh}:${mm}`;
}

export const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
