import { count } from 'drizzle-orm';
import { schema, type Db } from '../../api/_lib/db';

/** 一个号: articles of the street's official account, as staff would have linked them. Dates are street-local. */
export const LINKS_SEED = [
  { title: '石楠街道“一本书、一张卡、一个号”便民服务指南', slug: 'sn-yibenshu-guide', publishedAt: '2026-11-02T09:00:00+08:00', pinned: true },
  { title: '邻里亲情卡怎么填？网格员手把手教您', slug: 'sn-qinqingka-howto', publishedAt: '2026-11-10T10:30:00+08:00', pinned: true },
  { title: '爱心诊所 12 月免费体检开始预约', slug: 'sn-aixin-tijian-dec', publishedAt: '2026-11-25T08:00:00+08:00', pinned: false },
  { title: '问题墙上墙、回音壁晒单：十月问题办理情况公布', slug: 'sn-wentiqiang-oct', publishedAt: '2026-11-20T16:00:00+08:00', pinned: false },
  { title: '红岗志愿者招募：红夕阳助老岗、红领巾护学岗等你来', slug: 'sn-honggang-zhaomu', publishedAt: '2026-11-18T09:00:00+08:00', pinned: false },
  { title: '社区小时班冬季开班通知', slug: 'sn-xiaoshiban-winter', publishedAt: '2026-11-15T11:00:00+08:00', pinned: false },
  { title: '2027 年度城乡居民医保集中缴费开始了', slug: 'sn-yibao-2027', publishedAt: '2026-11-05T09:00:00+08:00', pinned: false },
  { title: '流动党员之家：冬季技能培训班报名', slug: 'sn-liudong-peixun', publishedAt: '2026-10-28T14:00:00+08:00', pinned: false },
  { title: '“十无”平安社区创建倡议书', slug: 'sn-shiwu-pingan', publishedAt: '2026-10-20T09:00:00+08:00', pinned: false },
];

export const articleUrl = (slug: string) => `https://mp.weixin.qq.com/s/${slug}`;

export async function seedLinks(db: Db) {
  const [{ n }] = await db.select({ n: count() }).from(schema.officialLinks);
  if (Number(n) > 0) return;
  await db.insert(schema.officialLinks).values(
    LINKS_SEED.map((a) => ({ title: a.title, url: articleUrl(a.slug), publishedAt: new Date(a.publishedAt), pinned: a.pinned })),
  );
}
