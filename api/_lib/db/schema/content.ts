import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { communities, grids, users } from './core';
import { createdAt, id, ts, updatedAt } from './columns';

export const handbookEntries = pgTable(
  'handbook_entries',
  {
    id: id(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    eligibility: text('eligibility').notNull().default(''),
    materials: text('materials').notNull().default(''),
    location: text('location').notNull().default(''),
    hours: text('hours').notNull().default(''),
    phone: text('phone').notNull().default(''),
    requestable: boolean('requestable').notNull().default(false),
    /** Minutes of volunteer time one order of this service usually takes (for hours). */
    serviceMinutes: integer('service_minutes').notNull().default(60),
    published: boolean('published').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('handbook_category_idx').on(t.category),
    // Trigram GIN over the searchable text: Chinese has no word breaks, so trigram
    // similarity is what makes 养老 / 低保 / 体检 find their entries.
    index('handbook_search_trgm_idx').using(
      'gin',
      sql`(${t.title} || ' ' || ${t.summary} || ' ' || ${t.body} || ' ' || ${t.eligibility}) gin_trgm_ops`,
    ),
  ],
);

export const officialLinks = pgTable(
  'official_links',
  {
    id: id(),
    title: text('title').notNull(),
    url: text('url').notNull(),
    coverUrl: text('cover_url'),
    publishedAt: ts('published_at').notNull().defaultNow(),
    pinned: boolean('pinned').notNull().default(false),
    deletedAt: ts('deleted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('links_order_idx').on(t.pinned, t.publishedAt)],
);

export const cards = pgTable('cards', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  number: text('number').notNull().unique(),
  communityId: uuid('community_id').references(() => communities.id),
  gridId: uuid('grid_id').references(() => grids.id),
  building: text('building').notNull(),
  unit: text('unit').notNull(),
  room: text('room').notNull(),
  householdSize: integer('household_size').notNull(),
  careTags: jsonb('care_tags').$type<string[]>().notNull().default([]),
  careTagsConsentAt: ts('care_tags_consent_at'),
  emergencyName: text('emergency_name').notNull(),
  emergencyPhone: text('emergency_phone').notNull(),
  emergencyRelation: text('emergency_relation').notNull(),
  /** Unguessable: the QR carries it, and anyone holding it with a staff role sees the card. */
  qrToken: text('qr_token').notNull().unique(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
