import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { communities, users } from './core';
import { handbookEntries } from './content';
import { createdAt, id, ts, updatedAt } from './columns';
import { REQUEST_STATUSES } from '../../../../shared/requests';

export const serviceRequests = pgTable(
  'service_requests',
  {
    id: id(),
    code: text('code').notNull().unique(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => handbookEntries.id),
    /** The resident the order is for; null when ordered on behalf of someone without an account. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    onBehalfOf: jsonb('on_behalf_of').$type<{ name: string; phone?: string; address?: string } | null>(),
    communityId: uuid('community_id').references(() => communities.id),
    description: text('description').notNull(),
    preferredTime: text('preferred_time'),
    contactPhone: text('contact_phone'),
    /** Where to serve; shown to the assignee under the same rule as the phone. */
    address: text('address'),
    status: text('status', {
      enum: REQUEST_STATUSES,
    })
      .notNull()
      .default('submitted'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    completedAt: ts('completed_at'),
    ratingScore: integer('rating_score'),
    ratingComment: text('rating_comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('requests_owner_idx').on(t.ownerId),
    index('requests_assignee_idx').on(t.assigneeId),
    index('requests_status_idx').on(t.status, t.createdAt),
  ],
);

export const requestEvents = pgTable(
  'request_events',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => serviceRequests.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorRole: text('actor_role'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.createdAt)],
);
