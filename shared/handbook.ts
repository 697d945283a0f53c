import { z } from './zod-setup';
import { PageQuerySchema } from './problem';

/** The handbook's chapters (人民服务手册), in the order the street prints them. */
export const HANDBOOK_CATEGORIES = [
  { key: 'civil', name: '民政', examples: '低保、临时救助、高龄津贴' },
  { key: 'social-security', name: '社保', examples: '参保登记、养老金认证' },
  { key: 'medical', name: '医疗', examples: '医保报销、爱心诊所体检' },
  { key: 'elderly', name: '养老', examples: '居家养老、日托中心、助餐点' },
  { key: 'disability', name: '助残', examples: '残疾证办理、康复补贴' },
  { key: 'employment', name: '就业', examples: '失业登记、公益岗位、一岗双扶' },
  { key: 'legal-aid', name: '法律援助', examples: '法律咨询、纠纷调解' },
  { key: 'education', name: '社区小时班', examples: '放学后托管、假期课堂' },
  { key: 'party', name: '流动党员之家', examples: '组织关系、就业推荐、技能培训' },
  { key: 'convenience', name: '便民服务', examples: '上门代办、家电维修' },
] as const;

export type HandbookCategoryKey = (typeof HANDBOOK_CATEGORIES)[number]['key'];
export const HANDBOOK_CATEGORY_KEYS = HANDBOOK_CATEGORIES.map((c) => c.key) as [HandbookCategoryKey, ...HandbookCategoryKey[]];
export const HandbookCategoryKeySchema = z.enum(HANDBOOK_CATEGORY_KEYS, { message: '请选择手册中的分类' });
export const handbookCategoryName = (key: string): string => HANDBOOK_CATEGORIES.find((c) => c.key === key)?.name ?? key;

export const HandbookCategorySchema = z.object({ key: z.string(), name: z.string(), examples: z.string(), count: z.number().int() });
export const HandbookCategoryListSchema = z.object({ items: z.array(HandbookCategorySchema) });
export type HandbookCategory = z.infer<typeof HandbookCategorySchema>;

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
  updatedAt: z.string(),
});
export type HandbookEntry = z.infer<typeof HandbookEntrySchema>;

/** What a list or search result carries: everything but the long texts. */
export const HandbookListItemSchema = HandbookEntrySchema.omit({ body: true, eligibility: true, materials: true });
export type HandbookListItem = z.infer<typeof HandbookListItemSchema>;
export const HandbookListSchema = z.object({ items: z.array(HandbookListItemSchema), nextCursor: z.string().nullable() });
export type HandbookList = z.infer<typeof HandbookListSchema>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const HandbookQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(50, '搜索词最多 50 个字').optional(),
  category: HandbookCategoryKeySchema.optional(),
  requestable: flag.optional(),
  /** Staff only: include unpublished entries (the staff desk's editing list). */
  includeUnpublished: flag.optional(),
});
export type HandbookQuery = z.input<typeof HandbookQuerySchema>;

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
  /** PUT may republish an unpublished entry. */
  published: z.boolean().optional(),
});
export type HandbookEntryBody = z.input<typeof HandbookEntryBodySchema>;
