import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns';
import { ROLES } from '../../../../shared/roles';
import { DELIVERY_STATUSES } from '../../../../shared/notifications';

export const communities = pgTable('communities', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  hotline: text('hotline').notNull().default(''),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const grids = pgTable(
  'grids',
  {
    id: id(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    name: text('name').notNull(),
    workerName: text('worker_name').notNull(),
    workerPhone: text('worker_phone').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('grids_community_idx').on(t.communityId)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    /** WeChat openid for the mini-program; null for demo users. */
    openid: text('openid').unique(),
    /** `persona:handle` for demo log-in in local mode. */
    demoKey: text('demo_key').unique(),
    role: text('role', { enum: ROLES }).notNull().default('resident'),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    communityId: uuid('community_id').references(() => communities.id),
    gridId: uuid('grid_id').references(() => grids.id),
    /** Community a staff member is limited to; null means street staff (every community). */
    staffCommunityId: uuid('staff_community_id').references(() => communities.id),
    privacyConsentAt: ts('privacy_consent_at'),
    privacyConsentVersion: text('privacy_consent_version'),
    deletedAt: ts('deleted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('users_role_idx').on(t.role)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    /** Whose data the action touched, so a resident can see who looked at their card. */
    subjectUserId: uuid('subject_user_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_created_idx').on(t.createdAt),
    index('audit_subject_idx').on(t.subjectUserId),
    index('audit_target_idx').on(t.targetType, t.targetId),
  ],
);

/** Durable copy of idempotent responses: Redis may lose them, the database does not. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** sha256 of the validated request body: the same key with another body is refused, not replayed. */
    requestHash: text('request_hash'),
    status: integer('status').notNull(),
    body: jsonb('body'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idem_created_idx').on(t.createdAt)],
);

/** Per-day sequence for human-readable codes such as FW-20261127-0042. */
export const dailyCounters = pgTable(
  'daily_counters',
  {
    prefix: text('prefix').notNull(),
    day: text('day').notNull(),
    value: integer('value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.day] })],
);

/** Outbox and message centre in one: every notification is a row written with the change that caused it. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    page: text('page'),
    data: jsonb('data').$type<Record<string, string>>().notNull().default({}),
    /** Stops the same event notifying twice (e.g. two cron runs sending one reminder). */
    dedupeKey: text('dedupe_key').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_idx').on(t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** One-time subscribe-message grants (WeChat allows one message per tap of consent). */
export const subscriptionGrants = pgTable(
  'subscription_grants',
  {
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    remaining: integer('remaining').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: updatedAt(),
});


/**
 * The street's own details (shared/official-account.ts StreetSettings): exactly one row (id 1),
 * edited by the admin. A database without it answers the defaults in DEFAULT_STREET_SETTINGS.
 */
export const streetSettings = pgTable(
  'street_settings',
  {
    id: integer('id').primaryKey().default(1),
    streetName: text('street_name').notNull(),
    accountName: text('account_name').notNull(),
    accountDescription: text('account_description').notNull(),
    hotline: text('hotline').notNull(),
    serviceHours: text('service_hours').notNull(),
    logoUrl: text('logo_url').notNull().default(''),
    updatedAt: updatedAt(),
  },
  (t) => [check('street_settings_one_row', sql`${t.id} = 1`)],
);
