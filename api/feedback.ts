import { FEEDBACK_CATEGORIES } from '../shared/feedback';
import {
  assignFeedback,
  confirmReport,
  createFeedback,
  dismissReport,
  feedbackStats,
  getFeedback,
  listEcho,
  listInbox,
  listMine,
  listReports,
  listWall,
  open311Discovery,
  open311Request,
  open311Requests,
  open311ServiceDefinition,
  open311Services,
  postOpen311Request,
  rateFeedback,
  rejectFeedback,
  mergeFeedback,
  replyToFeedback,
  reportFeedback,
  resolveFeedback,
  setSupport,
} from './_lib/services/feedback';
import { listResponsibleUnits } from './_lib/services/feedback/units';
import { receivePush, verifyPushUrl } from './_lib/services/feedback/media-check';
import { createUpload } from './_lib/services/uploads';
import { Reply } from './_lib/http/reply';
import { feedbackRoutes } from '../shared/contract/feedback';
import { bind } from './_lib/http/bind';
import { requestBase } from './_lib/http/open311';
import { createRouter } from './_lib/http/router';

/** /api/feedback/* (问题墙 / 回音壁), /api/uploads (their photos) and /api/open311/v2/* (the same public items in GeoReport v2 form). */
export const routes = bind(feedbackRoutes, {
  upload: ({ ctx, file }) => createUpload({ ctx, file }),
  pushCheck: async ({ ctx, query }) => new Reply(200, verifyPushUrl({ ctx, query }), { 'Content-Type': 'text/plain; charset=utf-8' }, true),
  push: async ({ ctx, query, body }) => {
    await receivePush({ ctx, query, body });
    return new Reply(200, 'success' as const, { 'Content-Type': 'text/plain; charset=utf-8' }, true);
  },
  categories: async () => FEEDBACK_CATEGORIES.map((c) => ({ key: c.key, name: c.name, description: c.description })),
  create: ({ ctx, body }) => createFeedback({ ctx, input: body }),
  wall: ({ ctx, query }) => listWall({ ctx, query }),
  echo: ({ ctx, query }) => listEcho({ ctx, query }),
  stats: ({ ctx }) => feedbackStats({ ctx }),
  responsibleUnits: ({ ctx }) => listResponsibleUnits({ ctx }),
  mine: ({ ctx, query }) => listMine({ ctx, query }),
  inbox: ({ ctx, query }) => listInbox({ ctx, query }),
  reports: ({ ctx, query }) => listReports({ ctx, query }),
  confirmReport: ({ ctx, params, body }) => confirmReport({ ctx, id: params.id, input: body }),
  dismissReport: ({ ctx, params, body }) => dismissReport({ ctx, id: params.id, input: body }),
  get: ({ ctx, params }) => getFeedback({ ctx, id: params.id }),
  reply: ({ ctx, params, body }) => replyToFeedback({ ctx, id: params.id, input: body }),
  support: ({ ctx, params }) => setSupport({ ctx, id: params.id, on: true }),
  withdrawSupport: ({ ctx, params }) => setSupport({ ctx, id: params.id, on: false }),
  report: ({ ctx, params, body }) => reportFeedback({ ctx, id: params.id, input: body }),
  assign: ({ ctx, params, body }) => assignFeedback({ ctx, id: params.id, input: body }),
  resolve: ({ ctx, params, body }) => resolveFeedback({ ctx, id: params.id, input: body }),
  reject: ({ ctx, params, body }) => rejectFeedback({ ctx, id: params.id, input: body }),
  merge: ({ ctx, params, body }) => mergeFeedback({ ctx, id: params.id, input: body }),
  rate: ({ ctx, params, body }) => rateFeedback({ ctx, id: params.id, input: body }),
  open311Discovery: async ({ req }) => open311Discovery({ base: requestBase(req) }),
  open311Services: async () => open311Services(),
  open311Service: async ({ params }) => open311ServiceDefinition({ code: params.code }),
  open311Requests: ({ ctx, query }) => open311Requests({ ctx, query }),
  open311Post: ({ ctx, body }) => postOpen311Request({ ctx, input: body }),
  open311Request: ({ ctx, params }) => open311Request({ ctx, id: params.id }),
});

export default createRouter(routes);
