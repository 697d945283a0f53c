import { inArray } from 'drizzle-orm';
import {
  REQUEST_EVENT_NAMES,
  REQUEST_STATUS_NAMES,
  type RequestEvent,
  type RequestStatus,
  type ServiceRequest,
  type ServiceRequestDetail,
} from '../../../../shared/requests';
import { toStreetIso } from '../../../../shared/time';
import { schema, type DbOrTx } from '../../db';
import type { CurrentUser } from '../context';
import { maskPhone } from '../privacy';
import { STATUS_RANK, allowedActions, contactVisible } from './state';

export type OrderRow = typeof schema.serviceRequests.$inferSelect;
type EventRow = typeof schema.requestEvents.$inferSelect;

async function namesOf(db: DbOrTx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db
    .select({ id: schema.users.id, displayName: schema.users.displayName })
    .from(schema.users)
    .where(inArray(schema.users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

async function servicesOf(db: DbOrTx, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<string, { id: string; category: string; title: string }>();
  const h = schema.handbookEntries;
  const rows = await db.select({ id: h.id, category: h.category, title: h.title }).from(h).where(inArray(h.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

const person = (names: Map<string, string>, id: string | null) =>
  id ? { id, displayName: names.get(id) ?? '已注销用户' } : null;

function present(row: OrderRow, user: CurrentUser | null, now: Date, names: Map<string, string>, services: Map<string, { id: string; category: string; title: string }>): ServiceRequest {
  const visible = contactVisible(user, row, now);
  const shown = (phone: string | null | undefined) => (visible ? (phone ?? null) : maskPhone(phone));
  const obo = row.onBehalfOf;
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    statusName: REQUEST_STATUS_NAMES[row.status],
    serviceId: row.serviceId,
    service: services.get(row.serviceId) ?? { id: row.serviceId, category: '', title: '（服务已下架）' },
    description: row.description,
    preferredTime: row.preferredTime,
    contactPhone: shown(row.contactPhone),
    address: visible ? (row.address ?? null) : null,
    gridId: row.gridId,
    building: visible ? (row.building ?? null) : null,
    latitude: visible ? (row.latitude ?? null) : null,
    longitude: visible ? (row.longitude ?? null) : null,
    contactVisible: visible,
    onBehalfOf: obo ? { name: obo.name, phone: shown(obo.phone), address: visible ? (obo.address ?? null) : null } : null,
    communityId: row.communityId,
    owner: person(names, row.ownerId),
    createdBy: person(names, row.createdById),
    assignee: person(names, row.assigneeId),
    completedAt: row.completedAt ? toStreetIso(row.completedAt) : null,
    rating: row.ratingScore !== null ? { score: row.ratingScore, comment: row.ratingComment } : null,
    allowedActions: allowedActions(user, row),
    createdAt: toStreetIso(row.createdAt),
    updatedAt: toStreetIso(row.updatedAt),
  };
}

export async function presentOrders(db: DbOrTx, rows: OrderRow[], user: CurrentUser | null, now: Date): Promise<ServiceRequest[]> {
  const [names, services] = await Promise.all([
    namesOf(db, rows.flatMap((r) => [r.ownerId, r.createdById, r.assigneeId])),
    servicesOf(db, rows.map((r) => r.serviceId)),
  ]);
  return rows.map((r) => present(r, user, now, names, services));
}

/** What the detail query joins onto an order: the service and the three people's names. */
export interface OrderLabels {
  service: { id: string; category: string; title: string } | null;
  ownerName: string | null;
  createdByName: string | null;
  assigneeName: string | null;
}

export type EventWithActor = Omit<EventRow, 'requestId'> & { actorName: string | null };

/** The order page: the joined order row and its events (each with its actor's name); no further reads. */
export function presentDetail(
  row: OrderRow,
  labels: OrderLabels,
  events: EventWithActor[],
  user: CurrentUser | null,
  now: Date,
): ServiceRequestDetail {
  const names = new Map<string, string>();
  const named = (id: string | null, name: string | null) => {
    if (id && name !== null) names.set(id, name);
  };
  named(row.ownerId, labels.ownerName);
  named(row.createdById, labels.createdByName);
  named(row.assigneeId, labels.assigneeName);
  for (const e of events) named(e.actorId, e.actorName);
  const services = new Map(labels.service ? [[labels.service.id, labels.service]] : []);
  const sorted = [...events].sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      STATUS_RANK[a.toStatus as RequestStatus] - STATUS_RANK[b.toStatus as RequestStatus],
  );
  const timeline: RequestEvent[] = sorted.map((e) => ({
    id: e.id,
    type: e.type,
    typeName: REQUEST_EVENT_NAMES[e.type] ?? e.type,
    fromStatus: (e.fromStatus as RequestStatus | null) ?? null,
    toStatus: e.toStatus as RequestStatus,
    actor: e.actorId ? { id: e.actorId, displayName: names.get(e.actorId) ?? '已注销用户', role: e.actorRole } : null,
    note: e.note,
    createdAt: toStreetIso(e.createdAt),
  }));
  return { ...present(row, user, now, names, services), events: timeline };
}
