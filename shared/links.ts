import * as z from 'zod';
import { isoDateTime } from './datetime';
import './zod-setup';
import { PageQuerySchema } from './problem';

export * from './official-account';
import { OFFICIAL_ARTICLE_PREFIX } from './official-account';

export const LinkSchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  coverUrl: z.string().nullable(),
  publishedAt: z.string(),
  pinned: z.boolean(),
});
export type Link = z.infer<typeof LinkSchema>;

export const LinkListSchema = z.object({
  account: z.object({ name: z.string(), description: z.string() }),
  items: z.array(LinkSchema),
  nextCursor: z.string().nullable(),
});

export const LinkQuerySchema = PageQuerySchema;

/** Only articles of WeChat's own article host: a web-view may open nothing else, and no script URL ever reaches a page. */
const articleUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((u) => {
    if (!u.startsWith(OFFICIAL_ARTICLE_PREFIX)) return false;
    try {
      const parsed = new URL(u);
      return parsed.protocol === 'https:' && parsed.hostname === 'mp.weixin.qq.com';
    } catch {
      return false;
    }
  }, '只能添加以 https://mp.weixin.qq.com/ 开头的公众号文章链接');

const coverUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((u) => {
    try {
      return new URL(u).protocol === 'https:';
    } catch {
      return false;
    }
  }, '封面图片须是 https:// 开头的地址');

export const LinkBodySchema = z.object({
  title: z.string().trim().min(2, '标题至少 2 个字').max(100, '标题最多 100 个字'),
  url: articleUrl,
  coverUrl: coverUrl.nullable().optional(),
  /** ISO 8601 with offset; defaults to now. */
  publishedAt: isoDateTime('请使用带时区的时间，如 2026-11-27T09:00:00+08:00').optional(),
  pinned: z.boolean().default(false),
});
export type LinkBody = z.input<typeof LinkBodySchema>;
