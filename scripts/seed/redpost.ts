import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '../../api/_lib/db';
import type { PostType } from '../../shared/redpost';
import { streetClock, streetYear } from '../../shared/time';

/**
 * 红岗 demo: the report's five red posts staffed by in-service party members (在职党员) from
 * the hospital, schools and units around 石楠街道. Shifts run from two weeks ago to three weeks
 * ahead of the day the demo is loaded: past ones with attendance and hours, upcoming ones with
 * sign-ups, some full with a waitlist.
 */
const VOLUNTEERS = [
  { demoKey: 'volunteer:demo', displayName: '李建国', realName: '李建国', phone: '13900002001', party: true, workUnit: '石楠街道社区卫生服务中心', skills: ['助老服务', '政策宣传'] },
  { demoKey: 'volunteer:liu-hong', displayName: '刘红', realName: '刘红', phone: '13900002002', party: true, workUnit: '市第一人民医院', skills: ['医疗护理', '助老服务'] },
  { demoKey: 'volunteer:chen-jun', displayName: '陈军', realName: '陈军', phone: '13900002003', party: true, workUnit: '国网石楠供电所', skills: ['环境清洁', '矛盾调解'] },
  { demoKey: 'volunteer:yang-fang', displayName: '杨芳', realName: '杨芳', phone: '13900002004', party: true, workUnit: '石楠小学', skills: ['儿童陪伴', '文艺宣传'] },
  { demoKey: 'volunteer:wang-deming', displayName: '王德明', realName: '王德明', phone: '13900002005', party: true, workUnit: null, skills: ['矛盾调解', '政策宣传'] },
  { demoKey: 'volunteer:zhao-lan', displayName: '赵兰', realName: '赵兰', phone: '13900002006', party: false, workUnit: null, skills: ['助老服务', '环境清洁'] },
  { demoKey: 'volunteer:sun-wei', displayName: '孙伟', realName: '孙伟', phone: '13900002007', party: true, workUnit: '市司法局石楠司法所', skills: ['法律咨询', '矛盾调解'] },
  { demoKey: 'volunteer:he-jing', displayName: '何静', realName: '何静', phone: '13900002008', party: true, workUnit: '市第一人民医院', skills: ['医疗护理', '心理疏导'] },
  { demoKey: 'volunteer:zhou-min', displayName: '周敏', realName: '周敏', phone: '13900002009', party: false, workUnit: null, skills: ['电脑手机教学', '文艺宣传'] },
  { demoKey: 'volunteer:ma-xiaoyu', displayName: '马晓雨', realName: '马晓雨', phone: '13900002010', party: false, workUnit: null, skills: ['儿童陪伴', '环境清洁'] },
] as const;

type Key = (typeof VOLUNTEERS)[number]['demoKey'];

interface DemoShift {
  postType: PostType;
  title: string;
  location: string;
  /** Days from the demo day; the time is street-local. */
  day: number;
  start: string;
  end: string;
  capacity: number;
  notes?: string;
  /** In arrival order; beyond capacity they wait. */
  signups: Key[];
  /** For past shifts: who did not come. */
  noShow?: Key[];
}

const SHIFTS: DemoShift[] = [
  // Past fortnight: served, with hours on the record.
  { postType: 'red_cross', title: '爱心诊所义诊·量血压测血糖', location: '石楠社区党群服务中心一楼', day: -13, start: '08:30', end: '11:30', capacity: 4, signups: ['volunteer:liu-hong', 'volunteer:he-jing', 'volunteer:demo'] },
  { postType: 'red_card', title: '红名片入户宣讲·反诈知识', location: '彩虹桥社区 3 号楼下', day: -11, start: '14:30', end: '16:30', capacity: 3, signups: ['volunteer:demo', 'volunteer:wang-deming', 'volunteer:zhou-min'], noShow: ['volunteer:zhou-min'] },
  { postType: 'red_scarf', title: '红领巾清洁家园·楼院大扫除', location: '桂香社区中心广场', day: -9, start: '09:00', end: '11:00', capacity: 6, signups: ['volunteer:yang-fang', 'volunteer:ma-xiaoyu', 'volunteer:chen-jun', 'volunteer:zhao-lan'] },
  { postType: 'red_sunset', title: '红夕阳助餐·独居老人送午饭', location: '石楠社区老年助餐点', day: -7, start: '10:30', end: '12:30', capacity: 3, signups: ['volunteer:demo', 'volunteer:zhao-lan', 'volunteer:liu-hong'] },
  { postType: 'red_armband', title: '红袖章调解接待日', location: '石楠街道党代表工作室', day: -6, start: '09:00', end: '12:00', capacity: 2, signups: ['volunteer:sun-wei', 'volunteer:wang-deming'] },
  { postType: 'red_armband', title: '红袖章平安巡楼·消防通道检查', location: '银杏社区 1—8 栋', day: -4, start: '19:00', end: '21:00', capacity: 4, signups: ['volunteer:chen-jun', 'volunteer:demo', 'volunteer:wang-deming'] },
  { postType: 'red_cross', title: '应急救护培训·心肺复苏', location: '丁香社区活动室', day: -2, start: '14:00', end: '16:00', capacity: 3, signups: ['volunteer:he-jing', 'volunteer:liu-hong'] },
  // Coming weeks.
  { postType: 'red_cross', title: '爱心诊所义诊·量血压测血糖', location: '石楠社区党群服务中心一楼', day: 1, start: '08:30', end: '11:30', capacity: 3, notes: '请提前 10 分钟到岗，穿红马甲，带好血压计。', signups: ['volunteer:liu-hong', 'volunteer:he-jing', 'volunteer:zhao-lan', 'volunteer:yang-fang'] },
  { postType: 'red_sunset', title: '红夕阳助餐·独居老人送午饭', location: '石楠社区老年助餐点', day: 2, start: '10:30', end: '12:30', capacity: 4, notes: '送餐路线由网格员分配，请带好手机。', signups: ['volunteer:zhao-lan'] },
  { postType: 'red_card', title: '红名片政策宣讲·养老保险新政', location: '彩虹桥社区会议室', day: 3, start: '14:30', end: '16:30', capacity: 2, notes: '宣讲材料在社区办公室领取。', signups: ['volunteer:wang-deming', 'volunteer:zhou-min', 'volunteer:sun-wei'] },
  { postType: 'red_scarf', title: '红领巾社区小时班·作业辅导', location: '石楠小学东门社区小时班教室', day: 4, start: '16:30', end: '18:00', capacity: 3, notes: '照看放学后等待家长的孩子，辅导作业。', signups: ['volunteer:yang-fang', 'volunteer:ma-xiaoyu'] },
  { postType: 'red_armband', title: '红袖章调解接待日', location: '石楠街道党代表工作室', day: 5, start: '09:00', end: '12:00', capacity: 2, notes: '接待邻里纠纷、物业矛盾，需要时请司法所同志协助。', signups: ['volunteer:sun-wei'] },
  { postType: 'red_scarf', title: '红领巾清洁家园·小广告清理', location: '枫林社区枫林路沿线', day: 6, start: '09:00', end: '11:00', capacity: 8, notes: '工具由社区提供。', signups: ['volunteer:ma-xiaoyu', 'volunteer:chen-jun'] },
  { postType: 'red_cross', title: '健康讲座·冬季心脑血管疾病预防', location: '银杏社区活动室', day: 8, start: '09:30', end: '11:00', capacity: 2, signups: ['volunteer:he-jing'] },
  { postType: 'red_sunset', title: '红夕阳入户探访·困难家庭', location: '丁香社区（网格员带队）', day: 9, start: '14:00', end: '17:00', capacity: 4, signups: [] },
  { postType: 'red_card', title: '红名片文明劝导·垃圾分类', location: '桂香社区垃圾分类投放点', day: 11, start: '07:00', end: '09:00', capacity: 4, notes: '早高峰投放时段，劝导居民分类投放。', signups: ['volunteer:zhou-min'] },
  { postType: 'red_armband', title: '红袖章平安巡楼·消防通道检查', location: '石楠社区 1—12 栋', day: 13, start: '19:00', end: '21:00', capacity: 6, signups: ['volunteer:chen-jun'] },
  { postType: 'red_sunset', title: '红夕阳陪老人过冬至·包饺子', location: '石楠社区日间照料中心', day: 17, start: '09:30', end: '12:00', capacity: 10, notes: '冬至活动，欢迎带上家人一起参加。', signups: ['volunteer:demo', 'volunteer:zhao-lan', 'volunteer:yang-fang'] },
  { postType: 'red_cross', title: '爱心诊所义诊·量血压测血糖', location: '石楠社区党群服务中心一楼', day: 20, start: '08:30', end: '11:30', capacity: 3, signups: [] },
];

/** Street-local day `offset` days from `base`, at HH:MM, as a Date. */
function streetTime(base: Date, offset: number, hhmm: string): Date {
  const local = streetClock(base);
  const [h, m] = hhmm.split(':').map(Number);
  const utc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + offset, h - 8, m);
  return new Date(utc);
}

export async function seedRedpost(db: Db, now = new Date()) {
  const [community] = await db.select({ id: schema.communities.id }).from(schema.communities).orderBy(schema.communities.sortOrder).limit(1);
  const [staff] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.demoKey, 'staff:demo'));

  const ids = new Map<Key, string>();
  for (const v of VOLUNTEERS) {
    await db
      .insert(schema.users)
      .values({ demoKey: v.demoKey, role: 'volunteer', displayName: v.displayName, phone: v.phone, communityId: community?.id ?? null })
      .onConflictDoNothing({ target: schema.users.demoKey });
    const [u] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.demoKey, v.demoKey));
    ids.set(v.demoKey, u.id);
    await db
      .insert(schema.volunteerProfiles)
      .values({
        userId: u.id,
        realName: v.realName,
        isPartyMember: v.party,
        workUnit: v.workUnit,
        skills: [...v.skills],
        phone: v.phone,
        // Long-standing volunteers: their community confirmed them when they reported.
        status: 'approved',
        communityId: community?.id ?? null,
        reviewedById: staff?.id ?? null,
        reviewedAt: new Date(now.getTime() - 199 * 86400_000),
        createdAt: new Date(now.getTime() - 200 * 86400_000),
      })
      .onConflictDoNothing();
  }

  // One fresh 在职党员报到 waiting for the community, so staff have something to confirm.
  await db
    .insert(schema.users)
    .values({ demoKey: 'resident:pending-volunteer', role: 'resident', displayName: '吴晓东', phone: '13700005678', communityId: community?.id ?? null })
    .onConflictDoNothing({ target: schema.users.demoKey });
  const [pending] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.demoKey, 'resident:pending-volunteer'));
  await db
    .insert(schema.volunteerProfiles)
    .values({
      userId: pending.id,
      realName: '吴晓东',
      isPartyMember: true,
      workUnit: '石楠街道税务所',
      skills: ['政策宣传', '电脑手机教学'],
      phone: '13700005678',
      status: 'pending',
      communityId: community?.id ?? null,
      createdAt: new Date(now.getTime() - 86400_000),
    })
    .onConflictDoNothing();

  for (const d of SHIFTS) {
    const startsAt = streetTime(now, d.day, d.start);
    const endsAt = streetTime(now, d.day, d.end);
    const [exists] = await db
      .select({ id: schema.shifts.id })
      .from(schema.shifts)
      .where(and(eq(schema.shifts.title, d.title), eq(schema.shifts.startsAt, startsAt)));
    if (exists) continue;
    const confirmed = d.signups.slice(0, d.capacity);
    const waiting = d.signups.slice(d.capacity);
    const past = endsAt < now;
    const [shift] = await db
      .insert(schema.shifts)
      .values({
        postType: d.postType,
        title: d.title,
        location: d.location,
        communityId: null,
        startsAt,
        endsAt,
        capacity: d.capacity,
        confirmedCount: confirmed.length,
        waitlistCount: past ? 0 : waiting.length,
        notes: d.notes ?? null,
        createdById: staff?.id ?? null,
        createdAt: new Date(startsAt.getTime() - 7 * 86400_000),
      })
      .returning();
    const length = Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
    for (const [i, key] of d.signups.entries()) {
      const isConfirmed = i < d.capacity;
      if (past && !isConfirmed) continue;
      const userId = ids.get(key)!;
      const noShow = d.noShow?.includes(key) ?? false;
      // A few minutes' spread so the record looks like real scans.
      const minutes = past && !noShow ? length - (i % 3) * 5 : null;
      await db.insert(schema.shiftSignups).values({
        shiftId: shift.id,
        userId,
        status: isConfirmed ? 'confirmed' : 'waitlisted',
        seq: i + 1,
        attendance: past ? (noShow ? 'no_show' : 'present') : 'pending',
        checkinAt: past && !noShow ? new Date(startsAt.getTime() - 10 * 60_000) : null,
        checkoutAt: past && !noShow ? new Date(startsAt.getTime() - 10 * 60_000 + minutes! * 60_000) : null,
        minutes: past ? (noShow ? 0 : minutes) : null,
        createdAt: new Date(startsAt.getTime() - (6 - i / 10) * 86400_000),
      });
      if (past && !noShow) {
        await db
          .insert(schema.volunteerHours)
          .values({ userId, sourceType: 'shift', sourceId: shift.id, minutes: minutes!, servedAt: startsAt, year: streetYear(startsAt), note: d.title })
          .onConflictDoNothing();
      }
    }
  }

  // Earlier in the year: the long service behind this year's ratings (one summary row per volunteer).
  const year = streetYear(now);
  const earlier: [Key, number, number | null][] = [
    ['volunteer:demo', 46 * 60, 5],
    ['volunteer:liu-hong', 62 * 60, 5],
    ['volunteer:he-jing', 38 * 60, 4],
    ['volunteer:chen-jun', 27 * 60, 4],
    ['volunteer:wang-deming', 33 * 60, 4],
    ['volunteer:zhao-lan', 21 * 60, 3],
    ['volunteer:yang-fang', 18 * 60, 3],
    ['volunteer:sun-wei', 15 * 60, null],
    ['volunteer:zhou-min', 6 * 60, null],
    ['volunteer:ma-xiaoyu', 4 * 60, null],
  ];
  const manualSource = '00000000-0000-4000-8000-00000000a001';
  for (const [key, minutes, stars] of earlier) {
    const userId = ids.get(key)!;
    await db
      .insert(schema.volunteerHours)
      .values({
        userId,
        sourceType: 'manual',
        sourceId: manualSource,
        minutes,
        servedAt: new Date(Date.UTC(year, 5, 30, 4)),
        year,
        note: '上半年红岗服务（季度汇总补录）',
      })
      .onConflictDoNothing();
    // Last year's stars (民主评选星级党员); this year's are for staff to award in the demo.
    if (stars) {
      await db
        .insert(schema.volunteerStars)
        .values({ userId, year: year - 1, stars, awardedById: staff?.id ?? null })
        .onConflictDoNothing();
    }
  }
}
