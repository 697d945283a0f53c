import {
  createServiceRequest,
  getRequestPrefill,
  getServiceRequest,
  listDispatchCandidates,
  listServiceMenu,
  listServiceRequests,
} from './_lib/services/requests/orders';
import { findResidentsForProxy } from './_lib/services/requests/residents';
import {
  acceptServiceRequest,
  cancelServiceRequest,
  completeServiceRequest,
  dispatchServiceRequest,
  rateServiceRequest,
  startServiceRequest,
} from './_lib/services/requests/transitions';
import { requestsRoutes } from '../shared/contract/requests';
import { bind } from './_lib/http/bind';
import { createRouter } from './_lib/http/router';

/** /api/requests*: 菜单式服务 — 群众下单、社区派单、党员接单. */
export const routes = bind(requestsRoutes, {
  menu: ({ ctx }) => listServiceMenu({ ctx }),
  prefill: ({ ctx }) => getRequestPrefill({ ctx }),
  residents: ({ ctx, query }) => findResidentsForProxy({ ctx, query }),
  create: ({ ctx, body }) => createServiceRequest({ ctx, input: body }),
  list: ({ ctx, query }) => listServiceRequests({ ctx, query }),
  get: ({ ctx, params }) => getServiceRequest({ ctx, id: params.id }),
  candidates: ({ ctx, params, query }) => listDispatchCandidates({ ctx, id: params.id, query }),
  dispatch: ({ ctx, params, body }) => dispatchServiceRequest({ ctx, id: params.id, input: body }),
  accept: ({ ctx, params, body }) => acceptServiceRequest({ ctx, id: params.id, input: body }),
  start: ({ ctx, params, body }) => startServiceRequest({ ctx, id: params.id, input: body }),
  complete: ({ ctx, params, body }) => completeServiceRequest({ ctx, id: params.id, input: body }),
  cancel: ({ ctx, params, body }) => cancelServiceRequest({ ctx, id: params.id, input: body }),
  rate: ({ ctx, params, body }) => rateServiceRequest({ ctx, id: params.id, input: body }),
});

export default createRouter(routes);
