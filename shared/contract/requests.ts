import { pageSchema } from '../problem';
import { CancelBodySchema, CandidateListSchema, CandidatesQuerySchema, CompleteBodySchema, CreateRequestBodySchema, DispatchBodySchema, ListRequestsQuerySchema, RateBodySchema, RequestPrefillSchema, ResidentPickListSchema, ResidentSearchQuerySchema, ServiceMenuItemSchema, ServiceRequestDetailSchema, ServiceRequestPageSchema, StepNoteBodySchema } from '../requests';
import { requestsPaths as p } from './requests.paths';
import { route } from './route';

/** /api/requests*: 菜单式服务 — 群众下单、社区派单、党员接单. */
export const requestsRoutes = {
  menu: route(p.menu, {
    auth: 'public',
    summary: 'The service menu: requestable handbook entries',
    tag: 'requests',
    response: pageSchema(ServiceMenuItemSchema),
  }),
  prefill: route(p.prefill, {
    auth: 'user',
    summary: 'Starting values for the order form (my phone, the address on my card)',
    tag: 'requests',
    response: RequestPrefillSchema,
  }),
  residents: route(p.residents, {
    auth: ['staff'],
    summary: 'Residents to order for (代办) by name or whole phone number; audited; community staff see only their community',
    tag: 'requests',
    rateLimit: 'lookup',
    query: ResidentSearchQuerySchema,
    response: ResidentPickListSchema,
  }),
  create: route(p.create, {
    auth: 'user',
    summary: 'Order a service from the menu (staff may order on behalf of a resident)',
    tag: 'requests',
    body: CreateRequestBodySchema,
    response: ServiceRequestDetailSchema,
    status: 201,
    idempotent: true,
  }),
  list: route(p.list, {
    auth: 'user',
    summary: 'Orders by scope: mine, available (open pool), assigned (my tasks), all (staff)',
    tag: 'requests',
    query: ListRequestsQuerySchema,
    response: ServiceRequestPageSchema,
  }),
  get: route(p.get, {
    auth: 'user',
    summary: 'One order with its timeline',
    tag: 'requests',
    response: ServiceRequestDetailSchema,
  }),
  candidates: route(p.candidates, {
    auth: ['staff'],
    summary: 'Volunteers to dispatch to, with skills and current load',
    tag: 'requests',
    query: CandidatesQuerySchema,
    response: CandidateListSchema,
  }),
  dispatch: route(p.dispatch, {
    auth: ['staff'],
    summary: 'Dispatch an order to a volunteer',
    tag: 'requests',
    body: DispatchBodySchema,
    response: ServiceRequestDetailSchema,
  }),
  accept: route(p.accept, {
    auth: ['volunteer'],
    summary: 'Accept a dispatched order, or take one from the open pool',
    tag: 'requests',
    body: StepNoteBodySchema,
    response: ServiceRequestDetailSchema,
  }),
  start: route(p.start, {
    auth: ['volunteer'],
    summary: 'Start serving an accepted order',
    tag: 'requests',
    body: StepNoteBodySchema,
    response: ServiceRequestDetailSchema,
  }),
  complete: route(p.complete, {
    auth: ['volunteer'],
    summary: 'Complete an order with a note; records the volunteer hours',
    tag: 'requests',
    body: CompleteBodySchema,
    response: ServiceRequestDetailSchema,
  }),
  cancel: route(p.cancel, {
    auth: 'user',
    summary: 'Cancel: the owner before acceptance, staff any time before completion',
    tag: 'requests',
    body: CancelBodySchema,
    response: ServiceRequestDetailSchema,
  }),
  rate: route(p.rate, {
    auth: 'user',
    summary: 'The owner rates a completed order once (1–5); closes it',
    tag: 'requests',
    body: RateBodySchema,
    response: ServiceRequestDetailSchema,
  }),
};
