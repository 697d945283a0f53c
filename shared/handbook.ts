import * as z from 'zod';
import './zod-setup';
import { HANDBOOK_CATEGORY_KEYS } from './handbook-categories';
import { PageQuerySchema } from './problem';

export * from './handbook-categories';
export const HandbookCategoryKeySchema = z.enum(HANDBOOK_CATEGORY_KEYS, { message: '请选择手册中的分类' });

export const HandbookCategorySchema = z.object({ key: z.string(), name: z.string(), examples: z.string(), count: z.number().int() });
export const HandbookCategoryListSchema = z.object({ items: z.array(HandbookCategorySchema) });

export const HandbookEntrySchema = z.object({
  id: z.string(),
  category: z.string(),
  categoryName: z.string(),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  eligibility: z.string(),
  materials: z.string(),
  location: z.string(),
  hours: z.string(),
  phone: z.string(),
  requestable: z.boolean(),
  /** Usual minutes of volunteer time per order of this service (service menu). */
  serviceMinutes: z.number().int(),
  /** False once staff unpublished it; only staff ever see unpublished entries. */
  published: z.boolean(),
  /** Extra words the entry is found by (老年卡, 退休); shown to nobody but the staff editor. */
  tags: z.array(z.string()),
  updatedAt: z.string(),
});
export type HandbookEntry = z.infer<typeof HandbookEntrySchema>;

/** What a list or search result carries: everything but the long texts. */
export const HandbookListItemSchema = HandbookEntrySchema.omit({ body: true, eligibility: true, materials: true });
export type HandbookListItem = z.infer<typeof HandbookListItemSchema>;
export const HandbookListSchema = z.object({ items: z.array(HandbookListItemSchema), nextCursor: z.string().nullable() });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const HandbookQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(50, '搜索词最多 50 个字').optional(),
  category: HandbookCategoryKeySchema.optional(),
  requestable: flag.optional(),
  /** Staff only: include unpublished entries (the staff desk's editing list). */
  includeUnpublished: flag.optional(),
});

const HANDBOOK_TAG_MAX = 12;
const HANDBOOK_TAGS_MAX = 10;

const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字`);

export const HandbookEntryBodySchema = z.object({
  category: HandbookCategoryKeySchema,
  title: text(60).min(2, '标题至少 2 个字'),
  summary: text(200).min(2, '摘要至少 2 个字'),
  body: text(5000).min(2, '正文至少 2 个字'),
  eligibility: text(1000).default(''),
  materials: text(1000).default(''),
  location: text(200).default(''),
  hours: text(200).default(''),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9\- ()（）转]*$/, '电话只能包含数字、空格和短横线')
    .default(''),
  requestable: z.boolean().default(false),
  serviceMinutes: z.number().int().min(10).max(600).default(60),
  sortOrder: z.number().int().min(0).max(10000).default(0),
  tags: z
    .array(text(HANDBOOK_TAG_MAX).min(1, '请填写关键词'))
    .max(HANDBOOK_TAGS_MAX, `关键词最多 ${HANDBOOK_TAGS_MAX} 个`)
    .default([]),
  /** PUT may republish an unpublished entry. */
  published: z.boolean().optional(),
});
export type HandbookEntryBody = z.input<typeof HandbookEntryBodySchema>;

/** A search synonym: what residents type (term) → the handbook's own word (target). */
export const HandbookSynonymSchema = z.object({ id: z.string(), term: z.string(), target: z.string(), createdAt: z.string() });
export type HandbookSynonym = z.infer<typeof HandbookSynonymSchema>;
export const HandbookSynonymListSchema = z.object({ items: z.array(HandbookSynonymSchema) });
const word = (label: string) => z.string().trim().min(2, `${label}至少 2 个字`).max(20, `${label}最多 20 个字`);
export const HandbookSynonymBodySchema = z
  .object({ term: word('居民的说法'), target: word('手册里的说法') })
  .refine((v) => v.term !== v.target, { path: ['target'], message: '两种说法不能相同' });
