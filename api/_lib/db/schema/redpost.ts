import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { communities, users } from './core';
import { createdAt, id, ts, updatedAt } from './columns';
import { ATTENDANCES, HOUR_SOURCES, SHIFT_STATUSES, VOLUNTEER_STATUSES } from '../../../../shared/redpost';
import { SIGNUP_STATUSES } from '../../../../shared/redpost-names';

export const volunteerProfiles = pgTable('volunteer_profiles', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  realName: text('real_name').notNull(),
  isPartyMember: boolean('is_party_member').notNull().default(false),
  /** 在职党员 report to their residential community with their work unit. */
  workUnit: text('work_unit'),
  skills: jsonb('skills').$type<string[]>().notNull().default([]),
  phone: text('phone'),
  /**
   * 在职党员报到 is a report to the community: nobody serves (order pool, shifts) until the
   * community's staff confirm it. Pending by default, so a forgotten value never grants.
   */
  status: text('status', { enum: VOLUNTEER_STATUSES }).notNull().default('pending'),
  /** The community the report went to; the volunteer's order pool is this community's (and street-wide orders). */
  communityId: uuid('community_id').references(() => communities.id, { onDelete: 'set null' }),
  reviewedById: uuid('reviewed_by_id').references(() => users.id, { onDelete: 'set null' }),
  reviewedAt: ts('reviewed_at'),
  /** Why the community did not confirm (shown to the volunteer). */
  rejectReason: text('reject_reason'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const volunteerStars = pgTable(
  'volunteer_stars',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    stars: integer('stars').notNull(),
    awardedById: uuid('awarded_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.year] })],
);

export const shifts = pgTable(
  'shifts',
  {
    id: id(),
    postType: text('post_type').notNull(),
    title: text('title').notNull(),
    location: text('location').notNull(),
    communityId: uuid('community_id').references(() => communities.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    /** Kept in step with sign-ups under the shift's row lock, so capacity is enforced by the database. */
    confirmedCount: integer('confirmed_count').notNull().default(0),
    waitlistCount: integer('waitlist_count').notNull().default(0),
    notes: text('notes'),
    status: text('status', { enum: SHIFT_STATUSES }).notNull().default('published'),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    reminderSentAt: ts('reminder_sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('shifts_time_idx').on(t.startsAt), index('shifts_post_idx').on(t.postType, t.startsAt)],
);

export const shiftSignups = pgTable(
  'shift_signups',
  {
    id: id(),
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => shifts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: SIGNUP_STATUSES }).notNull(),
    /** Arrival order, for promoting the waitlist fairly. */
    seq: integer('seq').notNull(),
    checkinAt: ts('checkin_at'),
    checkoutAt: ts('checkout_at'),
    attendance: text('attendance', { enum: ATTENDANCES }).notNull().default('pending'),
    minutes: integer('minutes'),
    cancelledAt: ts('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('signups_shift_user_idx').on(t.shiftId, t.userId),
    index('signups_user_idx').on(t.userId),
    index('signups_shift_status_idx').on(t.shiftId, t.status, t.seq),
  ],
);

/** The 志愿服务记录: one row per shift or completed order that earned time. */
export const volunteerHours = pgTable(
  'volunteer_hours',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sourceType: text('source_type', { enum: HOUR_SOURCES }).notNull(),
    sourceId: uuid('source_id').notNull(),
    minutes: integer('minutes').notNull(),
    servedAt: ts('served_at').notNull(),
    year: integer('year').notNull(),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('hours_source_idx').on(t.userId, t.sourceType, t.sourceId),
    index('hours_user_year_idx').on(t.userId, t.year),
    // The dashboard's months and this year's total (bench:scale).
    index('hours_served_idx').on(t.servedAt),
    index('hours_year_idx').on(t.year),
  ],
);
