import { CardBodySchema, CardDeletedSchema, CardLookupBodySchema, CardScanLogQuerySchema, CardScanLogSchema, CardScanResultSchema, CardSchema } from '../card';
import { cardPaths as p } from './card.paths';
import { route } from './route';

/** /api/card*: the neighbour-affection card (邻里亲情卡) and its audited emergency scan. */
export const cardRoutes = {
  mine: route(p.mine, {
    auth: 'user',
    summary: 'My neighbour card (404 before the first PUT)',
    tag: 'card',
    response: CardSchema,
  }),
  save: route(p.save, {
    auth: 'user',
    summary: 'Create or replace my neighbour card; care tags need consent',
    tag: 'card',
    body: CardBodySchema,
    response: CardSchema,
  }),
  remove: route(p.remove, {
    auth: 'user',
    summary: 'Withdraw my neighbour card',
    tag: 'card',
    response: CardDeletedSchema,
  }),
  rotateQr: route(p.rotateQr, {
    auth: 'user',
    summary: 'Issue a new QR token; the old QR code stops working',
    tag: 'card',
    response: CardSchema,
  }),
  scans: route(p.scans, {
    auth: 'user',
    summary: 'Who scanned my card, newest first',
    tag: 'card',
    query: CardScanLogQuerySchema,
    response: CardScanLogSchema,
  }),
  scan: route(p.scan, {
    auth: ['staff'],
    summary: 'Staff: the card behind a QR code, for an emergency (audited)',
    tag: 'card',
    rateLimit: 'scan',
    response: CardScanResultSchema,
  }),
  lookup: route(p.lookup, {
    // POST, not GET: the reason and the address stay out of URLs and access logs.
    auth: ['staff'],
    summary: 'Staff: a card by its printed number or by building + room, with a reason (audited, shown to the holder)',
    tag: 'card',
    rateLimit: 'scan',
    body: CardLookupBodySchema,
    response: CardScanResultSchema,
  }),
};
