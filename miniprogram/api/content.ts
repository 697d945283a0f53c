import type { z } from 'zod';
import type { CardBody, CardLookupBody, CardScanLogSchema, CardScanResultSchema, CardSchema } from '../../shared/card';
import type {
  HandbookCategoryKey,
  HandbookCategoryListSchema,
  HandbookEntryBody,
  HandbookEntrySchema,
  HandbookListSchema,
  HandbookSynonymBody,
  HandbookSynonymListSchema,
  HandbookSynonymSchema,
} from '../../shared/handbook';
import type { LinkBody, LinkListSchema, LinkSchema } from '../../shared/links';
import type { StreetSettings } from '../../shared/official-account';
import { api, typed } from './client';

// Contracts by type only: the handbook tab and home page (main package) use this module,
// and the main package must not carry zod.
const HandbookCategoryList = typed<z.infer<typeof HandbookCategoryListSchema>>();
const HandbookEntry = typed<z.infer<typeof HandbookEntrySchema>>();
const HandbookList = typed<z.infer<typeof HandbookListSchema>>();
const HandbookSynonymList = typed<z.infer<typeof HandbookSynonymListSchema>>();
const HandbookSynonym = typed<z.infer<typeof HandbookSynonymSchema>>();
const LinkList = typed<z.infer<typeof LinkListSchema>>();
const Link = typed<z.infer<typeof LinkSchema>>();
const Card = typed<z.infer<typeof CardSchema>>();
const CardScanLog = typed<z.infer<typeof CardScanLogSchema>>();
const CardScanResult = typed<z.infer<typeof CardScanResultSchema>>();

const id = (v: string) => encodeURIComponent(v);

/** 一本书: the service handbook. */
export const handbookApi = {
  categories: () => api.get('/api/handbook/categories', HandbookCategoryList, { silent: true }),
  list: (query: { q?: string; category?: HandbookCategoryKey; requestable?: boolean; cursor?: string; limit?: number; includeUnpublished?: boolean }) =>
    api.get('/api/handbook', HandbookList, { query: { limit: 50, ...query }, silent: true }),
  get: (entryId: string) => api.get(`/api/handbook/${id(entryId)}`, HandbookEntry, { silent: true }),
  create: (body: HandbookEntryBody, idempotencyKey: string) => api.post('/api/handbook', body, HandbookEntry, { idempotencyKey, silent: true }),
  replace: (entryId: string, body: HandbookEntryBody) => api.put(`/api/handbook/${id(entryId)}`, body, HandbookEntry, { silent: true }),
  unpublish: (entryId: string) => api.delete(`/api/handbook/${id(entryId)}`, HandbookEntry, { silent: true }),
  synonyms: () => api.get('/api/handbook/synonyms', HandbookSynonymList, { silent: true }),
  addSynonym: (body: HandbookSynonymBody, idempotencyKey: string) =>
    api.post('/api/handbook/synonyms', body, HandbookSynonym, { idempotencyKey, silent: true }),
  removeSynonym: (synonymId: string) => api.delete(`/api/handbook/synonyms/${id(synonymId)}`, HandbookSynonym, { silent: true }),
};

/** 一个号: the street's official-account articles. */
export const linksApi = {
  list: (limit = 50, cursor?: string) => api.get('/api/links', LinkList, { query: { limit, cursor }, silent: true }),
  create: (body: LinkBody, idempotencyKey: string) => api.post('/api/links', body, Link, { idempotencyKey, silent: true }),
  replace: (linkId: string, body: LinkBody) => api.put(`/api/links/${id(linkId)}`, body, Link, { silent: true }),
  remove: (linkId: string) => api.delete(`/api/links/${id(linkId)}`, Link, { silent: true }),
};

/** The street's own details (name, official account, hotline, hours, logo); the admin edits them. */
export const settingsApi = {
  get: () => api.get('/api/settings', typed<StreetSettings>(), { silent: true }),
  save: (body: StreetSettings) => api.put('/api/settings', body, typed<StreetSettings>(), { silent: true }),
};

/** 一张卡: the neighbour-affection card. */
export const cardApi = {
  /** My card, or null before it was first filled in. */
  async mine() {
    try {
      return await api.get('/api/card', Card, { silent: true });
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  },
  save: (body: CardBody) => api.put('/api/card', body, Card, { silent: true }),
  rotateQr: () => api.post('/api/card/qr-token', {}, Card, { silent: true }),
  remove: () => api.delete('/api/card', typed<{ id: string; deleted: boolean }>(), { silent: true }),
  scans: (cursor?: string) => api.get('/api/card/scans', CardScanLog, { query: { limit: 50, cursor }, silent: true }),
  scan: (qrToken: string) => api.get(`/api/card/scan/${id(qrToken)}`, CardScanResult, { silent: true }),
  lookup: (body: CardLookupBody) => api.post('/api/card/lookup', body, CardScanResult, { silent: true }),
};
