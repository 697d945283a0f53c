import { api } from '../../api/client';
import {
  CandidateListSchema,
  RequestPrefillSchema,
  ResidentPickListSchema,
  ServiceMenuSchema,
  ServiceRequestDetailSchema,
  ServiceRequestPageSchema,
  type CreateRequestBody,
  type RequestAction,
  type RequestScope,
  type RequestStatus,
} from '../../../shared/requests';

/** The typed calls of 菜单式服务; pages use these through the shell's useQuery/useMutation. */
export const requestsApi = {
  menu: () => api.get('/api/requests/menu', ServiceMenuSchema, { silent: true }),
  prefill: () => api.get('/api/requests/prefill', RequestPrefillSchema, { silent: true }),
  list: (scope: RequestScope, status?: RequestStatus, cursor?: string) =>
    api.get('/api/requests', ServiceRequestPageSchema, { query: { scope, status, cursor, limit: 30 }, silent: true }),
  get: (id: string) => api.get(`/api/requests/${encodeURIComponent(id)}`, ServiceRequestDetailSchema, { silent: true }),
  candidates: (id: string, skill?: string) =>
    api.get(`/api/requests/${encodeURIComponent(id)}/candidates`, CandidateListSchema, { query: { skill }, silent: true }),
  /** 代办: residents (within the caller's community for community staff) by name or phone digits. */
  residents: (q: string) => api.get('/api/requests/residents', ResidentPickListSchema, { query: { q }, silent: true }),
  create: (body: CreateRequestBody, idempotencyKey: string) =>
    api.post('/api/requests', body, ServiceRequestDetailSchema, { idempotencyKey, silent: true }),
  act: (id: string, action: Exclude<RequestAction, 'dispatch'>, body: Record<string, unknown> = {}) =>
    api.post(`/api/requests/${encodeURIComponent(id)}/${action}`, body, ServiceRequestDetailSchema),
  dispatch: (id: string, assigneeId: string) =>
    api.post(`/api/requests/${encodeURIComponent(id)}/dispatch`, { assigneeId }, ServiceRequestDetailSchema),
};

export const REQUEST_ROUTES = {
  hub: '/packages/requests/pages/index/index',
  create: '/packages/requests/pages/new/index',
  detail: '/packages/requests/pages/detail/index',
  dispatch: '/packages/requests/pages/dispatch/index',
} as const;
