import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /** Words residents may search by that the text does not say (老年卡, 退休). */
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    /**
     * Written with the entry, never per search: the category's name, the tags, and the
     * title's and tags' pinyin in full and as initials (dibao, db), lower case.
     */
    searchKeys: text('search_keys').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('handbook_category_idx').on(t.category),
    // Trigram GIN over the searchable text: Chinese has no word breaks, so trigram
    // similarity is what makes 养老 / 低保 / 体检 find their entries.
    index('handbook_search_trgm_idx').using(
      'gin',
      sql`(${t.title} || ' ' || ${t.summary} || ' ' || ${t.body} || ' ' || ${t.eligibility} || ' ' || ${t.searchKeys}) gin_trgm_ops`,
    ),
  ],
);

/** What residents say → what the handbook says (残疾证 → 残疾人证); street staff keep the list. */
export const handbookSynonyms = pgTable(
  'handbook_synonyms',
  {
    id: id(),
    term: text('term').notNull(),
    target: text('target').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('handbook_synonyms_pair_idx').on(t.term, t.target)],
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
