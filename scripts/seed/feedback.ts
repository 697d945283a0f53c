import { eq, sql } from 'drizzle-orm';
import { schema, type Db } from '../../api/_lib/db';
import { nextCode } from '../../api/_lib/services/codes';
import type { FeedbackCategoryKey, FeedbackRating } from '../../shared/feedback';
import { sentence } from '../../shared/text';
import { streetDate } from '../../shared/time';

/**
 * 问题墙 / 回音壁 as the report describes it: "对于一时难以解决的问题，将其放在问题墙上，明确
 * 责任主体、整改措施和完成期限，并将问题处理结果公布在回音壁上，接受居民的监督和评议。"
 * A credible board: open items with party, measures and deadline (two of them overdue),
 * one waiting to be taken up, results with ratings — including an honest 不满意.
 */
const PEOPLE = [
  { demoKey: 'resident:demo', displayName: '王秀英', phone: '13900001001' },
  { demoKey: 'staff:demo', displayName: '张丽华', phone: '13900003001', role: 'staff' as const },
  { demoKey: 'resident:zhang-guilan', displayName: '张桂兰', phone: '13900001002' },
  { demoKey: 'resident:zhou-dehai', displayName: '周德海', phone: '13900001003' },
  { demoKey: 'resident:li-shufen', displayName: '李淑芬', phone: '13900001004' },
  { demoKey: 'resident:ma-jianguo', displayName: '马建国', phone: '13900001005' },
];
type Who = 'resident:demo' | 'resident:zhang-guilan' | 'resident:zhou-dehai' | 'resident:li-shufen' | 'resident:ma-jianguo';

interface DemoFeedback {
  who: Who;
  community: string;
  category: FeedbackCategoryKey;
  title: string;
  body: string;
  location: string;
  isPublic?: boolean;
  showName?: boolean;
  daysAgo: number;
  party?: string;
  measures?: string;
  /** Days from now (negative: already past). */
  deadlineDays?: number;
  staffReply?: string;
  reporterReply?: string;
  resolvedDaysAgo?: number;
  result?: string;
  /** The first verdict when it was reopened once, then the final one. */
  firstRating?: { rating: 'unsatisfied'; comment: string; daysAgo: number };
  rating?: { rating: FeedbackRating; comment?: string; daysAgo: number };
}

const ITEMS: DemoFeedback[] = [
  // ---- 问题墙: open, with responsible party, measures and deadline -------------
  {
    who: 'resident:demo', community: 'shinan', category: 'environment', showName: true, daysAgo: 4,
    title: '石楠路18号院垃圾分类亭满溢',
    body: '院里的垃圾分类亭每天下午就装满了，厨余垃圾桶盖都盖不上，夏天有异味，还招苍蝇，希望增加清运次数。',
    location: '石楠路18号院东门垃圾分类亭',
    party: '石楠街道环卫所', measures: '清运由每日一次增至两次（7:00、16:00），分类亭旁增设厨余垃圾桶2个，红袖章志愿者每日督导分类',
    deadlineDays: 3, staffReply: '您好，环卫所已到现场查看，情况属实。新增的两个厨余桶本周内到位，整改进度会在问题墙上公示，请您监督。',
  },
  {
    who: 'resident:zhang-guilan', community: 'caihongqiao', category: 'property', daysAgo: 15,
    title: '彩虹桥小区5号楼电梯频繁停运',
    body: '5号楼电梯这个月已经停了三次，楼里住着好几位八十多岁的老人，上下楼特别困难，物业说在等配件。',
    location: '彩虹桥小区5号楼',
    party: '彩虹桥物业服务有限公司', measures: '更换电梯主板和门机系统；维保单位每周巡检一次；停运期间安排专人帮助老人上下楼送菜',
    deadlineDays: -2, staffReply: '您好，社区已约谈物业公司，配件厂家承诺本周到货。停运期间物业安排了专人为高龄老人送菜上楼。',
    reporterReply: '配件到了吗？今天电梯又停了。',
  },
  {
    who: 'resident:zhou-dehai', community: 'guixiang', category: 'security', daysAgo: 20,
    title: '桂香巷12号楼楼道里给电动车充电',
    body: '12号楼一楼楼道经常有人从窗户拉电线给电动车充电，晚上也充，消防通道被堵住一半，很危险。',
    location: '桂香巷12号楼1单元一楼楼道',
    party: '桂香社区居委会、石楠派出所', measures: '小区内增设集中充电桩20个；开展消防安全入户宣传；联合派出所夜间巡查，劝导楼道充电',
    deadlineDays: -5, staffReply: '充电桩选址已征求居民意见，供电部门正在办理报装，完工前每晚由党员志愿联防队巡查劝导。',
  },
  {
    who: 'resident:li-shufen', community: 'yinxing', category: 'traffic', daysAgo: 3,
    title: '银杏大道人行道地砖松动',
    body: '银杏大道102号门口往南一段人行道，好几块地砖松了，一踩就溅水，前两天有老人差点绊倒。',
    location: '银杏大道102号门口往南50米',
    party: '石楠街道城建办', measures: '设置警示围挡；联系市政养护单位重新铺设松动地砖约30平方米',
    deadlineDays: 6,
  },
  {
    who: 'resident:ma-jianguo', community: 'dingxiang', category: 'facilities', daysAgo: 6,
    title: '丁香里小广场健身器材损坏',
    body: '小广场的太空漫步机一侧踏板断了，扶手也松动，孩子们还在上面玩，怕出事。',
    location: '丁香里9号小广场',
    party: '丁香社区居委会', measures: '已贴停用警示；向区体育局申请更换新器材，到货前拆除损坏部件',
    deadlineDays: 10,
  },
  {
    who: 'resident:zhang-guilan', community: 'shinan', category: 'elderly', daysAgo: 5,
    title: '老年食堂午饭偏咸，希望增加软食',
    body: '社区老年食堂饭菜挺实惠，就是有点咸，牙口不好的老人嚼不动，希望每天能有一两样软烂的菜。',
    location: '石楠社区老年食堂',
    party: '石楠社区养老服务站', measures: '与配餐公司商定减盐方案；每日午餐增加一道软食和一份粥品；每月征求一次就餐老人意见',
    deadlineDays: 1, staffReply: '您好，已与配餐公司沟通，下周一起试行减盐菜谱，欢迎您到时来尝尝并提意见。',
  },
  {
    who: 'resident:zhou-dehai', community: 'fenglin', category: 'dispute', daysAgo: 8,
    title: '枫林路广场舞音响声音过大',
    body: '每天晚上七点到九点半，广场舞音响开得很大，临街几栋楼关着窗都听得见，家里有学生要写作业。',
    location: '枫林路66号门前广场',
    party: '枫林社区居委会', measures: '列入本月“一月一会一主题”议事会议题，组织舞队和临街居民协商；约定结束时间为晚上九点，音量由志愿者用分贝仪监督',
    deadlineDays: 8, staffReply: '议事会定在本周六上午九点社区活动室召开，欢迎您和邻居们一起参加协商。',
  },
  // ---- 待受理 ----------------------------------------------------------------
  {
    who: 'resident:li-shufen', community: 'yinxing', category: 'greening', daysAgo: 1,
    title: '3号楼前的树枝挡住了低层住户窗户',
    body: '银杏社区3号楼前几棵大树枝叶长得很密，二楼以下白天都要开灯，希望安排修剪。',
    location: '银杏社区3号楼南侧',
  },
  // ---- 不公开（不上墙） -----------------------------------------------------------
  {
    who: 'resident:demo', community: 'shinan', category: 'elderly', isPublic: false, daysAgo: 2,
    title: '对门独居老人最近很少出门',
    body: '对门的孙奶奶一个人住，最近一周很少见她出门，敲门也没人应，希望网格员去看看。',
    location: '石楠社区12栋1单元',
    party: '石楠一网格', measures: '网格员当日上门探访，联系其子女，纳入每周探访名单', deadlineDays: 1,
    staffReply: '网格员赵红梅已上门，孙奶奶身体无大碍，已联系上她女儿，今后每周探访一次。谢谢您的关心！',
  },
  // ---- 回音壁: results and ratings -------------------------------------------
  {
    who: 'resident:ma-jianguo', community: 'shinan', category: 'traffic', showName: true, daysAgo: 24,
    title: '石楠路与枫林路交叉口路灯不亮',
    body: '路口往北一段有五六盏路灯不亮，晚上黑乎乎的，老人出来散步看不清路。',
    location: '石楠路与枫林路交叉口',
    party: '石楠街道城建办', measures: '联系照明管理所排查线路，更换损坏灯具', deadlineDays: -14,
    resolvedDaysAgo: 19, result: '照明管理所更换了6盏LED路灯并修复了一处线路老化，夜间照明已恢复。',
    rating: { rating: 'satisfied', comment: '修得很快，晚上散步亮堂多了，谢谢！', daysAgo: 18 },
  },
  {
    who: 'resident:zhang-guilan', community: 'caihongqiao', category: 'environment', daysAgo: 30,
    title: '楼道里小广告贴得到处都是',
    body: '彩虹桥小区各单元楼道墙上、门上贴满了开锁、通下水道的小广告，撕了又贴。',
    location: '彩虹桥小区1—8号楼楼道',
    party: '彩虹桥物业服务有限公司', measures: '集中清理小广告；单元门口设置便民信息公告栏；红袖章志愿者每周巡查', deadlineDays: -20,
    resolvedDaysAgo: 21, result: '已清理8栋楼的小广告，每个单元设置了便民信息栏，红袖章志愿者每周二巡查一次。',
    rating: { rating: 'basically_satisfied', comment: '干净了不少，个别单元还有新贴的。', daysAgo: 20 },
  },
  {
    who: 'resident:zhou-dehai', community: 'guixiang', category: 'property', daysAgo: 40,
    title: '桂香小区高层水压低，早晚用水困难',
    body: '桂香小区15层以上早晚高峰基本没水，洗澡做饭都受影响，已经持续一个多月了。',
    location: '桂香小区7号、8号楼高层',
    party: '桂香物业、市供水公司', measures: '检修二次供水加压泵；更换老化管道阀门', deadlineDays: -30,
    firstRating: { rating: 'unsatisfied', comment: '修了两天又不行了，晚上还是没水。', daysAgo: 31 },
    staffReply: '第一次维修只更换了阀门，经供水公司复查，加压泵电机老化，已重新安排更换。',
    resolvedDaysAgo: 26, result: '更换了二次供水加压泵电机和变频柜，经连续一周测试，高峰时段顶层水压正常。',
    rating: { rating: 'satisfied', comment: '这次彻底好了，感谢社区跟进。', daysAgo: 24 },
  },
  {
    who: 'resident:li-shufen', community: 'shinan', category: 'dispute', daysAgo: 35,
    title: '楼上卫生间漏水到我家天花板',
    body: '楼上卫生间防水坏了，我家天花板发霉掉皮，找楼上好几次都说没时间修。',
    location: '石楠社区6栋2单元',
    party: '石楠社区红袖章调解队', measures: '组织双方调解，请物业检测漏点，明确维修责任和时间', deadlineDays: -25,
    firstRating: { rating: 'unsatisfied', comment: '楼上答应修了，但一直没动工。', daysAgo: 27 },
    resolvedDaysAgo: 22, result: '经第二次调解，楼上住户已重做卫生间防水，我家天花板的修补费用双方协商各承担一半。',
    rating: { rating: 'unsatisfied', comment: '防水做了，天花板还没人来补。', daysAgo: 21 },
  },
  {
    who: 'resident:ma-jianguo', community: 'fenglin', category: 'elderly', daysAgo: 18,
    title: '希望开一个教老人用智能手机的课',
    body: '很多老人不会用手机挂号、扫码乘车，子女又不在身边，希望社区能开个课手把手教。',
    location: '枫林社区',
    party: '枫林社区居委会', measures: '联合石楠小学红领巾志愿者开设“社区小时班·智能手机课”', deadlineDays: -4,
    resolvedDaysAgo: 6, result: '“智能手机课”已于每周三下午在社区活动室开课，已有32位老人参加，教会了挂号、扫码和视频通话。',
    rating: { rating: 'satisfied', comment: '孩子们教得很耐心！', daysAgo: 5 },
  },
  {
    who: 'resident:demo', community: 'dingxiang', category: 'facilities', daysAgo: 9,
    title: '丁香里3单元门禁坏了，陌生人随意进出',
    body: '3单元的门禁坏了快两周，门一直开着，晚上有陌生人进来发传单。',
    location: '丁香里9号3单元',
    party: '丁香物业服务中心', measures: '更换门禁控制器和电磁锁', deadlineDays: -2,
    resolvedDaysAgo: 3, result: '已更换门禁控制器和电磁锁，并为本单元住户重新发放门卡。',
  },
];

const DAY = 86_400_000;

export async function seedFeedback(db: Db, now = new Date()) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.feedbackItems);
  if (n > 0) return;
  const communities = await db.select({ id: schema.communities.id, slug: schema.communities.slug }).from(schema.communities);
  const communityId = (slug: string) => communities.find((c) => c.slug === slug)?.id ?? null;
  const ids = new Map<string, string>();
  for (const p of PEOPLE) {
    await db
      .insert(schema.users)
      .values({ demoKey: p.demoKey, role: p.role ?? 'resident', displayName: p.displayName, phone: p.phone, communityId: communityId('shinan') })
      .onConflictDoNothing({ target: schema.users.demoKey });
    const [u] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.demoKey, p.demoKey));
    ids.set(p.demoKey, u.id);
  }
  const staffId = ids.get('staff:demo')!;
  const ago = (days: number, hour = 10) => {
    const d = new Date(now.getTime() - days * DAY);
    d.setUTCHours(hour - 8, 0, 0, 0);
    return d;
  };
  // Oldest first, so the WT codes rise with time as they would have in real life.
  for (const it of [...ITEMS].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const createdAt = ago(it.daysAgo, 9);
    const reporterId = ids.get(it.who)!;
    const reporterName = PEOPLE.find((p) => p.demoKey === it.who)!.displayName;
    const code = await nextCode(db, 'WT', createdAt);
    const assignedAt = it.party ? ago(it.daysAgo - 1 > 0 ? it.daysAgo - 1 : 0, 11) : null;
    const deadline = it.deadlineDays !== undefined ? (() => { const d = new Date(now.getTime() + it.deadlineDays! * DAY); d.setUTCHours(10, 0, 0, 0); return d; })() : null;
    const resolvedAt = it.resolvedDaysAgo !== undefined ? ago(it.resolvedDaysAgo, 15) : null;
    const finalRating = it.rating;
    const status = !it.party ? 'submitted' : !resolvedAt ? 'in_progress' : finalRating ? 'closed' : 'resolved';
    const [row] = await db
      .insert(schema.feedbackItems)
      .values({
        code,
        reporterId,
        reporterName: it.showName ? reporterName : null,
        communityId: communityId(it.community),
        category: it.category,
        title: it.title,
        body: it.body,
        location: it.location,
        isPublic: it.isPublic ?? true,
        anonymous: !it.showName,
        status,
        responsibleParty: it.party ?? null,
        measures: it.measures ?? null,
        deadline,
        assignedAt,
        resolvedAt,
        result: it.result ?? null,
        rating: finalRating?.rating ?? null,
        ratingComment: finalRating?.comment ?? null,
        reopenCount: it.firstRating ? 1 : 0,
        closedAt: finalRating ? ago(finalRating.daysAgo, 16) : null,
        closeReason: finalRating ? (finalRating.rating === 'unsatisfied' && it.firstRating ? 'unsatisfied' : 'rated') : null,
        // Past deadlines were already escalated by the cron.
        overdueNotifiedAt: deadline && deadline < now && status === 'in_progress' ? now : null,
        createdAt,
        updatedAt: finalRating ? ago(finalRating.daysAgo, 16) : (resolvedAt ?? assignedAt ?? createdAt),
      })
      .returning({ id: schema.feedbackItems.id });
    const thread: { authorRole: string; authorId: string | null; body: string; createdAt: Date }[] = [];
    if (it.party && assignedAt && deadline) {
      thread.push({ authorRole: 'system', authorId: staffId, createdAt: assignedAt, body: `已受理并交办：责任主体 ${it.party}；整改措施 ${it.measures}；完成期限 ${streetDate(deadline)}` });
    }
    if (it.firstRating) {
      thread.push({ authorRole: 'system', authorId: staffId, createdAt: ago(it.firstRating.daysAgo + 1, 15), body: '已办结：首次整改完成。' });
      thread.push({ authorRole: 'system', authorId: reporterId, createdAt: ago(it.firstRating.daysAgo, 16), body: `居民评价：不满意。${sentence(it.firstRating.comment)}第 1 次办结结果未获认可，问题重新办理` });
    }
    if (it.staffReply && assignedAt) thread.push({ authorRole: 'staff', authorId: staffId, createdAt: new Date(assignedAt.getTime() + 2 * 3_600_000), body: it.staffReply });
    if (it.reporterReply) thread.push({ authorRole: 'reporter', authorId: reporterId, createdAt: ago(1, 18), body: it.reporterReply });
    if (resolvedAt && it.result) thread.push({ authorRole: 'system', authorId: staffId, createdAt: resolvedAt, body: `已办结：${it.result}` });
    if (finalRating) {
      const names = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' } as const;
      thread.push({ authorRole: 'system', authorId: reporterId, createdAt: ago(finalRating.daysAgo, 16), body: `居民评价：${names[finalRating.rating]}${finalRating.comment ? `。${finalRating.comment}` : ''}` });
    }
    if (thread.length) {
      await db.insert(schema.feedbackReplies).values(thread.map((t) => ({ ...t, feedbackId: row.id })));
    }
  }
}
