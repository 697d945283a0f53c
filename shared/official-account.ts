/** Zod-free, so the mini-program's main package can import it without pulling in zod. */
/** The street's WeChat official account (一个号). */
export const OFFICIAL_ACCOUNT = {
  name: '石楠街道',
  description: '石楠街道办事处官方公众号：通知公告、政策解读、社区活动',
} as const;

/** The street's service hotline (便民服务中心): where a resident who found nothing can ask. */
export const STREET_HOTLINE = '0931-8765 4300';

export const OFFICIAL_ARTICLE_PREFIX = 'https://mp.weixin.qq.com/';
