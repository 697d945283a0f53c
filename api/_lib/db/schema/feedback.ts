import { boolean, doublePrecision, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { communities, users } from './core';
import { createdAt, id, ts, updatedAt } from './columns';

export const feedbackItems = pgTable(
  'feedback_items',
  {
    id: id(),
    code: text('code').notNull().unique(),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    /** Shown on the wall only when the reporter chose not to be anonymous. */
    reporterName: text('reporter_name'),
    communityId: uuid('community_id').references(() => communities.id),
    category: text('category').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    location: text('location'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    isPublic: boolean('is_public').notNull().default(true),
    anonymous: boolean('anonymous').notNull().default(true),
    status: text('status', { enum: ['submitted', 'in_progress', 'resolved', 'closed', 'rejected'] })
      .notNull()
      .default('submitted'),
    responsibleParty: text('responsible_party'),
    measures: text('measures'),
    deadline: ts('deadline'),
    assignedAt: ts('assigned_at'),
    resolvedAt: ts('resolved_at'),
    result: text('result'),
    rejectReason: text('reject_reason'),
    rating: text('rating', { enum: ['satisfied', 'basically_satisfied', 'unsatisfied'] }),
    ratingComment: text('rating_comment'),
    reopenCount: integer('reopen_count').notNull().default(0),
    closedAt: ts('closed_at'),
    closeReason: text('close_reason'),
    overdueNotifiedAt: ts('overdue_notified_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('feedback_status_idx').on(t.status, t.createdAt),
    index('feedback_reporter_idx').on(t.reporterId),
    index('feedback_party_idx').on(t.responsibleParty),
  ],
);

export const feedbackReplies = pgTable(
  'feedback_replies',
  {
    id: id(),
    feedbackId: uuid('feedback_id')
      .notNull()
      .references(() => feedbackItems.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorRole: text('author_role').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('feedback_replies_item_idx').on(t.feedbackId, t.createdAt)],
);
