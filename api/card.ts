import { CardBodySchema, CardLookupBodySchema, CardScanLogQuerySchema, CardScanLogSchema, CardScanResultSchema, CardSchema } from '../shared/card';
import * as z from 'zod';
import '../shared/zod-setup';
import { createRouter } from './_lib/http/router';
import { defineRoute, type AnyRoute } from './_lib/http/types';
import { deleteMyCard, getMyCard, listMyCardScans, lookupCard, rotateMyQrToken, saveMyCard, scanCard } from './_lib/services/card/cards';

/** /api/card*: the neighbour-affection card (邻里亲情卡) and its audited emergency scan. */
export const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/card',
    auth: 'user',
    summary: 'My neighbour card (404 before the first PUT)',
    tag: 'card',
    response: CardSchema,
    handler: ({ ctx }) => getMyCard({ ctx }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/card',
    auth: 'user',
    summary: 'Create or replace my neighbour card; care tags need consent',
    tag: 'card',
    body: CardBodySchema,
    response: CardSchema,
    handler: ({ ctx, body }) => saveMyCard({ ctx, input: body }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/card',
    auth: 'user',
    summary: 'Withdraw my neighbour card',
    tag: 'card',
    response: z.object({ id: z.string(), deleted: z.boolean() }),
    handler: ({ ctx }) => deleteMyCard({ ctx }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/card/qr-token',
    auth: 'user',
    summary: 'Issue a new QR token; the old QR code stops working',
    tag: 'card',
    response: CardSchema,
    handler: ({ ctx }) => rotateMyQrToken({ ctx }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/card/scans',
    auth: 'user',
    summary: 'Who scanned my card, newest first',
    tag: 'card',
    query: CardScanLogQuerySchema,
    response: CardScanLogSchema,
    handler: ({ ctx, query }) => listMyCardScans({ ctx, query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/card/scan/:qrToken',
    auth: ['staff'],
    summary: 'Staff: the card behind a QR code, for an emergency (audited)',
    tag: 'card',
    rateLimit: 'scan',
    response: CardScanResultSchema,
    handler: ({ ctx, params }) => scanCard({ ctx, qrToken: params.qrToken }),
  }),
  defineRoute({
    // POST, not GET: the reason and the address stay out of URLs and access logs.
    method: 'POST',
    path: '/api/card/lookup',
    auth: ['staff'],
    summary: 'Staff: a card by its printed number or by building + room, with a reason (audited, shown to the holder)',
    tag: 'card',
    rateLimit: 'scan',
    body: CardLookupBodySchema,
    response: CardScanResultSchema,
    handler: ({ ctx, body }) => lookupCard({ ctx, input: body }),
  }),
];

export default createRouter(routes);
