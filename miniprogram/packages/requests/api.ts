import { operations } from '../../api/client';
import { requestsRoutes } from '../../../shared/contract/requests';
import type { RequestBody } from '../../../shared/contract/route';
import type { RequestScope, RequestStatus } from '../../../shared/requests';

// The contract itself (a subpackage may carry zod): each answer is parsed with its response schema.
const requests = operations(requestsRoutes);

/** The typed calls of 菜单式服务, one per step; pages use these through the shell's useQuery/useMutation. */
export const requestsApi = {
  menu: () => requests.menu({}, { silent: true }),
  prefill: () => requests.prefill({}, { silent: true }),
  list: (scope: RequestScope, status?: RequestStatus, cursor?: string) => requests.list({ query: { scope, status, cursor, limit: 30 } }, { silent: true }),
  get: (id: string) => requests.get({ id }, { silent: true }),
  candidates: (id: string, skill?: string) => requests.candidates({ id, query: { skill } }, { silent: true }),
  /** 代办: residents (within the caller's community for community staff) by name or phone digits. */
  residents: (q: string) => requests.residents({ query: { q } }, { silent: true }),
  create: (body: RequestBody<typeof requestsRoutes.create>, idempotencyKey: string) => requests.create({ body }, { idempotencyKey, silent: true }),
  dispatch: (id: string, assigneeId: string) => requests.dispatch({ id, body: { assigneeId } }),
  accept: (id: string, note?: string) => requests.accept({ id, body: { note } }),
  start: (id: string, note?: string) => requests.start({ id, body: { note } }),
  complete: (id: string, note: string) => requests.complete({ id, body: { note } }),
  cancel: (id: string, reason: string) => requests.cancel({ id, body: { reason } }),
  rate: (id: string, body: RequestBody<typeof requestsRoutes.rate>) => requests.rate({ id, body }),
};

