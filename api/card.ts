import {
  deleteMyCard,
  getMyCard,
  listMyCardScans,
  rotateMyQrToken,
  lookupCard,
  saveMyCard,
  scanCard,
} from './_lib/services/card/cards';
import { cardRoutes } from '../shared/contract/card';
import { bind } from './_lib/http/bind';
import { createRouter } from './_lib/http/router';

/** /api/card*: the neighbour-affection card (邻里亲情卡) and its audited emergency scan. */
export const routes = bind(cardRoutes, {
  mine: ({ ctx }) => getMyCard({ ctx }),
  save: ({ ctx, body }) => saveMyCard({ ctx, input: body }),
  remove: ({ ctx }) => deleteMyCard({ ctx }),
  rotateQr: ({ ctx }) => rotateMyQrToken({ ctx }),
  scans: ({ ctx, query }) => listMyCardScans({ ctx, query }),
  scan: ({ ctx, params }) => scanCard({ ctx, qrToken: params.qrToken }),
  lookup: ({ ctx, body }) => lookupCard({ ctx, input: body }),
});

export default createRouter(routes);
