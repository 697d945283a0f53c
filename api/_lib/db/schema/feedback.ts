import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { communities, grids, users } from './core';
import { createdAt, id, ts, updatedAt } from './columns';
import { FEEDBACK_RATINGS, FEEDBACK_REPORT_STATUSES, FEEDBACK_STATUSES } from '../../../../shared/feedback';

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
    /** The place: the grid (from the building, or picked) and the building as the reporter named it. */
    gridId: uuid('grid_id').references(() => grids.id, { onDelete: 'set null' }),
    building: text('building'),
    /** The grid's 网格员 at the time of reporting: the item is routed to them first. */
    routedToId: uuid('routed_to_id').references(() => users.id, { onDelete: 'set null' }),
    /** Set when the item, still untouched by the grid worker, was escalated to community staff. */
    escalatedAt: ts('escalated_at'),
    /** Closed as a duplicate (重复) of this item, by staff merge. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => feedbackItems.id, { onDelete: 'set null' }),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    isPublic: boolean('is_public').notNull().default(true),
    anonymous: boolean('anonymous').notNull().default(true),
    status: text('status', { enum: FEEDBACK_STATUSES })
      .notNull()
      .default('submitted'),
    responsibleParty: text('responsible_party'),
    measures: text('measures'),
    deadline: ts('deadline'),
    assignedAt: ts('assigned_at'),
    resolvedAt: ts('resolved_at'),
    result: text('result'),
    rejectReason: text('reject_reason'),
    rating: text('rating', { enum: FEEDBACK_RATINGS }),
    ratingComment: text('rating_comment'),
    reopenCount: integer('reopen_count').notNull().default(0),
    closedAt: ts('closed_at'),
    closeReason: text('close_reason'),
    overdueNotifiedAt: ts('overdue_notified_at'),
    /** Set when staff confirm a 举报: the item leaves the public wall, 回音壁 and Open311. */
    hiddenAt: ts('hidden_at'),
    hiddenReason: text('hidden_reason'),
    /** 我也遇到: how many neighbours said they have the same problem (rows in feedback_supports). */
    supportCount: integer('support_count').notNull().default(0),
    /** Set once the count reached SUPPORT_FLAG_THRESHOLD and street staff were told. */
    supportFlaggedAt: ts('support_flagged_at'),
    /** Where the item came from when not the app: the name of the Open311 key it was posted with. */
    source: text('source'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('feedback_status_idx').on(t.status, t.createdAt),
    index('feedback_reporter_idx').on(t.reporterId),
    index('feedback_party_idx').on(t.responsibleParty),
    // Found by bench:scale (EXPLAIN at 10x): the inbox, the dashboard's weeks and Open311's
    // 90-day window read by creation time; 回音壁 by result time.
    index('feedback_created_idx').on(t.createdAt, t.id),
    index('feedback_echo_idx').on(t.resolvedAt, t.id).where(sql`resolved_at is not null`),
    index('feedback_grid_idx').on(t.gridId),
    index('feedback_routed_idx').on(t.routedToId),
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

/**
 * 举报: a user's report that a public item breaks the rules. One open report per person per
 * item (partial unique index); staff confirm (the item leaves the public walls) or dismiss.
 */
export const feedbackReports = pgTable(
  'feedback_reports',
  {
    id: id(),
    feedbackId: uuid('feedback_id')
      .notNull()
      .references(() => feedbackItems.id, { onDelete: 'cascade' }),
    /** Null once the reporter deletes their account: the report stays as the street's record. */
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    detail: text('detail'),
    status: text('status', { enum: FEEDBACK_REPORT_STATUSES })
      .notNull()
      .default('open'),
    handledById: uuid('handled_by_id').references(() => users.id, { onDelete: 'set null' }),
    handledNote: text('handled_note'),
    handledAt: ts('handled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('feedback_reports_status_idx').on(t.status, t.createdAt),
    index('feedback_reports_item_idx').on(t.feedbackId),
    index('feedback_reports_reporter_idx').on(t.reporterId),
    uniqueIndex('feedback_reports_one_open_uq').on(t.feedbackId, t.reporterId).where(sql`status = 'open'`),
  ],
);

/**
 * A photo uploaded by a user: stored re-encoded without metadata (storage keys below), then
 * attached to one report (`report`), staff result (`result`) or reply (`reply`). Rows still
 * unattached a day after upload are deleted with their files by the cron.
 */
export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    /** Null once the uploader deletes their account: an attached photo stays with the (anonymous) item. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    feedbackId: uuid('feedback_id').references(() => feedbackItems.id, { onDelete: 'cascade' }),
    replyId: uuid('reply_id').references(() => feedbackReplies.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['report', 'result', 'reply'] }),
    /** Order within its item or reply. */
    position: integer('position').notNull().default(0),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    /** WeChat content security (mediaCheckAsync): pending until its callback; local mode and staff pass at once. */
    checkStatus: text('check_status', { enum: ['pending', 'passed', 'refused'] }).notNull().default('passed'),
    checkTraceId: text('check_trace_id'),
    /** Set while a copy sits under the storage's public prefix (public items whose photo passed the check). */
    publishedAt: ts('published_at'),
    attachedAt: ts('attached_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('uploads_feedback_idx').on(t.feedbackId),
    index('uploads_owner_idx').on(t.ownerId),
    index('uploads_unattached_idx').on(t.createdAt).where(sql`feedback_id is null`),
    uniqueIndex('uploads_trace_uq').on(t.checkTraceId),
  ],
);

/** 我也遇到: one row per person per item; supporters hear of the item's progress as its reporter does. */
export const feedbackSupports = pgTable(
  'feedback_supports',
  {
    feedbackId: uuid('feedback_id')
      .notNull()
      .references(() => feedbackItems.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.feedbackId, t.userId] }), index('feedback_supports_user_idx').on(t.userId)],
);

/**
 * Keys for third-party Open311 clients (POST requests.json). Only a hash of the key is kept;
 * the key itself is shown once, when an admin issues it. A revoked key stays for the audit.
 */
export const open311Keys = pgTable('open311_keys', {
  id: id(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  /** The key's first characters, so admins can tell keys apart. */
  prefix: text('prefix').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  lastUsedAt: ts('last_used_at'),
  requestCount: integer('request_count').notNull().default(0),
  revokedAt: ts('revoked_at'),
});
