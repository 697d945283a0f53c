import { z } from 'zod';
import { CardScanLogSchema, CardScanResultSchema, CardSchema, type CardBody } from '../../shared/card';
import {
  HandbookCategoryListSchema,
  HandbookEntrySchema,
  HandbookListSchema,
  type HandbookCategoryKey,
  type HandbookEntryBody,
} from '../../shared/handbook';
import { LinkListSchema, LinkSchema, type LinkBody } from '../../shared/links';
import { api } from './client';

const id = (v: string) => encodeURIComponent(v);

/** 一本书: the service handbook. */
export const handbookApi = {
  categories: () => api.get('/api/handbook/categories', HandbookCategoryListSchema, { silent: true }),
  list: (query: { q?: string; category?: HandbookCategoryKey; requestable?: boolean; cursor?: string; limit?: number; includeUnpublished?: boolean }) =>
    api.get('/api/handbook', HandbookListSchema, { query: { limit: 50, ...query }, silent: true }),
  get: (entryId: string) => api.get(`/api/handbook/${id(entryId)}`, HandbookEntrySchema, { silent: true }),
  create: (body: HandbookEntryBody, idempotencyKey: string) => api.post('/api/handbook', body, HandbookEntrySchema, { idempotencyKey, silent: true }),
  replace: (entryId: string, body: HandbookEntryBody) => api.put(`/api/handbook/${id(entryId)}`, body, HandbookEntrySchema, { silent: true }),
  unpublish: (entryId: string) => api.delete(`/api/handbook/${id(entryId)}`, HandbookEntrySchema, { silent: true }),
};

/** 一个号: the street's official-account articles. */
export const linksApi = {
  list: (limit = 50, cursor?: string) => api.get('/api/links', LinkListSchema, { query: { limit, cursor }, silent: true }),
  create: (body: LinkBody, idempotencyKey: string) => api.post('/api/links', body, LinkSchema, { idempotencyKey, silent: true }),
  replace: (linkId: string, body: LinkBody) => api.put(`/api/links/${id(linkId)}`, body, LinkSchema, { silent: true }),
  remove: (linkId: string) => api.delete(`/api/links/${id(linkId)}`, LinkSchema, { silent: true }),
};

/** 一张卡: the neighbour-affection card. */
export const cardApi = {
  /** My card, or null before it was first filled in. */
  async mine() {
    try {
      return await api.get('/api/card', CardSchema, { silent: true });
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  },
  save: (body: CardBody) => api.put('/api/card', body, CardSchema, { silent: true }),
  rotateQr: () => api.post('/api/card/qr-token', {}, CardSchema, { silent: true }),
  remove: () => api.delete('/api/card', z.object({ id: z.string(), deleted: z.boolean() }), { silent: true }),
  scans: (cursor?: string) => api.get('/api/card/scans', CardScanLogSchema, { query: { limit: 50, cursor }, silent: true }),
  scan: (qrToken: string) => api.get(`/api/card/scan/${id(qrToken)}`, CardScanResultSchema, { silent: true }),
};
