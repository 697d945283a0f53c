import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '../../api/_lib/db';
import { nextCode } from '../../api/_lib/services/codes';
import type { RequestStatus } from '../../shared/requests';
import { streetYear } from '../../shared/time';

/**
 * Demo orders for 菜单式服务 ("群众下单、社区派单、党员接单"), one in every state, each
 * with its timeline, so the demo personas (王秀英 the resident, 李建国 the volunteer,
 * 张丽华 at the desk) each open the app to something to do.
 */
const PEOPLE = [
  { demoKey: 'resident:demo', role: 'resident', displayName: '王秀英', phone: '13900001001' },
  { demoKey: 'volunteer:demo', role: 'volunteer', displayName: '李建国', phone: '13900002001', realName: '李建国', workUnit: '石楠街道社区卫生服务中心', skills: ['助老服务', '政策宣传'] },
  { demoKey: 'staff:demo', role: 'staff', displayName: '张丽华', phone: '13900003001' },
  { demoKey: 'resident:zhang-guilan', role: 'resident', displayName: '张桂兰', phone: '13900001002' },
  { demoKey: 'resident:zhou-dehai', role: 'resident', displayName: '周德海', phone: '13900001003' },
  { demoKey: 'volunteer:liu-hong', role: 'volunteer', displayName: '刘红', phone: '13900002002', realName: '刘红', workUnit: '市第一人民医院', skills: ['陪诊', '健康咨询', '助老服务'] },
  { demoKey: 'volunteer:chen-jun', role: 'volunteer', displayName: '陈军', phone: '13900002003', realName: '陈军', workUnit: '国网石楠供电所', skills: ['家电维修', '水电维修'] },
  { demoKey: 'volunteer:yang-fang', role: 'volunteer', displayName: '杨芳', phone: '13900002004', realName: '杨芳', workUnit: '石楠小学', skills: ['课业辅导', '助老服务'] },
] as const;

type Key = (typeof PEOPLE)[number]['demoKey'];

const HOMES: Partial<Record<Key, string>> = {
  'resident:demo': '石楠社区 3 栋 2 单元 401 室',
  'resident:zhou-dehai': '石楠社区 8 栋 1 单元 202 室',
  'resident:zhang-guilan': '彩虹桥社区 5 栋 3 单元 501 室',
};

interface DemoOrder {
  service: string;
  owner: Key | null;
  createdBy: Key;
  onBehalfOf?: { name: string; phone?: string; address?: string };
  description: string;
  preferredTime: string;
  contactPhone?: string;
  /** Days before now the order was placed. */
  daysAgo: number;
  status: RequestStatus;
  assignee?: Key;
  /** true: the desk dispatched it; false: the volunteer took it from the pool. */
  dispatched?: boolean;
  startNote?: string;
  completeNote?: string;
  rating?: { score: number; comment: string };
  cancelBy?: Key;
  cancelReason?: string;
}

const ORDERS: DemoOrder[] = [
  {
    service: '助老陪诊',
    owner: 'resident:demo',
    createdBy: 'resident:demo',
    description: '下周二上午要去市第一人民医院心内科复查，子女在外地上班，想请志愿者陪同挂号、取药。',
    preferredTime: '下周二 8:00—11:30',
    daysAgo: 0,
    status: 'submitted',
  },
  {
    service: '家电维修上门',
    owner: 'resident:zhou-dehai',
    createdBy: 'resident:zhou-dehai',
    description: '家里的老式洗衣机脱水时响声很大，还漏水，想请懂行的党员志愿者上门看看。',
    preferredTime: '周末白天都可以',
    daysAgo: 1,
    status: 'submitted',
  },
  {
    service: '助餐送餐上门',
    owner: null,
    createdBy: 'staff:demo',
    onBehalfOf: { name: '孙玉珍', phone: '0931-87651234', address: '石楠社区 12 栋 1 单元 102 室' },
    description: '孙奶奶 86 岁独居，腿脚不便，网格员走访时了解到需要每天中午送一份助餐点的午饭。',
    preferredTime: '每天中午 11:30 前',
    daysAgo: 1,
    status: 'dispatched',
    assignee: 'volunteer:demo',
    dispatched: true,
  },
  {
    service: '义务理发上门',
    owner: 'resident:zhang-guilan',
    createdBy: 'staff:demo',
    onBehalfOf: { name: '张桂兰', address: '彩虹桥社区 5 栋 3 单元 501 室' },
    description: '张阿姨卧床半年，头发很长了，想请理发志愿者上门理个短发。家里有人照看，随时可以来。',
    preferredTime: '本周内下午',
    daysAgo: 2,
    status: 'accepted',
    assignee: 'volunteer:yang-fang',
    dispatched: true,
  },
  {
    service: '上门代办（老年、体弱、残疾人）',
    owner: 'resident:demo',
    createdBy: 'resident:demo',
    description: '高龄津贴的银行卡换了，需要去社区更新信息，我行动不便，想请志愿者帮忙代办。',
    preferredTime: '工作日上午',
    daysAgo: 3,
    status: 'in_progress',
    assignee: 'volunteer:demo',
    dispatched: false,
    startNote: '已到王阿姨家取了身份证复印件和新银行卡信息，正去社区窗口办理。',
  },
  {
    service: '助老陪诊',
    owner: 'resident:demo',
    createdBy: 'resident:demo',
    description: '想去社区卫生服务中心做老年人免费体检，需要有人陪着排队、拿报告。',
    preferredTime: '周四上午',
    daysAgo: 5,
    status: 'completed',
    assignee: 'volunteer:liu-hong',
    dispatched: true,
    startNote: '已在小区门口接到王阿姨。',
    completeNote: '陪同完成体检，报告已取回并讲解了血压、血糖指标，提醒按时服药。',
  },
  {
    service: '家电维修上门',
    owner: 'resident:zhang-guilan',
    createdBy: 'resident:zhang-guilan',
    description: '厨房的灯管坏了，够不着，想请志愿者帮忙换一下。',
    preferredTime: '周六上午',
    daysAgo: 9,
    status: 'closed',
    assignee: 'volunteer:chen-jun',
    dispatched: false,
    startNote: '带了新灯管和梯子上门。',
    completeNote: '已更换灯管，顺便检查了插座和电线，没有安全隐患。',
    rating: { score: 5, comment: '陈师傅手脚麻利，还帮我检查了电线，真是贴心的党员！' },
  },
  {
    service: '社区小时班托管',
    owner: 'resident:zhou-dehai',
    createdBy: 'resident:zhou-dehai',
    description: '孙子放学后没人接，想报名社区小时班，请志愿者辅导作业到六点。',
    preferredTime: '工作日 16:30—18:00',
    daysAgo: 12,
    status: 'closed',
    assignee: 'volunteer:yang-fang',
    dispatched: true,
    startNote: '已接孩子到社区活动室。',
    completeNote: '作业全部完成并检查，孩子 18:00 由爷爷接回。',
    rating: { score: 4, comment: '老师很负责，希望以后每周都能有。' },
  },
  {
    service: '法律咨询预约',
    owner: 'resident:demo',
    createdBy: 'resident:demo',
    description: '楼上邻居装修漏水，想咨询一下怎么协商赔偿。',
    preferredTime: '下周一下午',
    daysAgo: 7,
    status: 'cancelled',
    cancelBy: 'resident:demo',
    cancelReason: '经社区调解，邻居已同意维修，不需要了。',
  },
];

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

async function ensurePeople(db: Db) {
  const [community] = await db.select({ id: schema.communities.id }).from(schema.communities).orderBy(schema.communities.sortOrder).limit(1);
  const ids = new Map<Key, string>();
  for (const p of PEOPLE) {
    await db
      .insert(schema.users)
      .values({ demoKey: p.demoKey, role: p.role, displayName: p.displayName, phone: p.phone, communityId: community?.id ?? null })
      .onConflictDoNothing({ target: schema.users.demoKey });
    const [u] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.demoKey, p.demoKey));
    ids.set(p.demoKey, u.id);
    if ('skills' in p) {
      await db
        .insert(schema.volunteerProfiles)
        .values({ userId: u.id, realName: p.realName, isPartyMember: true, workUnit: p.workUnit, skills: [...p.skills], phone: p.phone, status: 'approved', communityId: community?.id ?? null, reviewedAt: new Date() })
        .onConflictDoNothing();
    }
  }
  return ids;
}

export async function seedRequests(db: Db, now = new Date()) {
  const [existing] = await db.select({ id: schema.serviceRequests.id }).from(schema.serviceRequests).limit(1);
  if (existing) return;
  const h = schema.handbookEntries;
  const menu = await db
    .select({ id: h.id, title: h.title, minutes: h.serviceMinutes })
    .from(h)
    .where(and(eq(h.requestable, true), eq(h.published, true), inArray(h.title, [...new Set(ORDERS.map((o) => o.service))])));
  if (!menu.length) return; // no service menu yet: nothing to order from
  const byTitle = new Map(menu.map((m) => [m.title, m]));
  const people = await ensurePeople(db);
  const who = (k: Key) => people.get(k)!;
  const roleOf = (k: Key) => PEOPLE.find((p) => p.demoKey === k)!.role;

  for (const o of ORDERS) {
    const service = byTitle.get(o.service) ?? menu[0];
    await db.transaction(async (tx) => {
      const placed = new Date(now.getTime() - o.daysAgo * DAY - 6 * HOUR);
      const [owner] = o.owner ? await tx.select().from(schema.users).where(eq(schema.users.id, who(o.owner))) : [];
      const [creator] = await tx.select().from(schema.users).where(eq(schema.users.id, who(o.createdBy)));
      const steps: { type: string; from: RequestStatus | null; to: RequestStatus; actor: Key; note: string | null }[] = [
        { type: 'created', from: null, to: 'submitted', actor: o.createdBy, note: o.onBehalfOf ? `代办：为${o.onBehalfOf.name}下单` : null },
      ];
      if (o.assignee && o.dispatched) {
        const name = PEOPLE.find((p) => p.demoKey === o.assignee)!.displayName;
        steps.push({ type: 'dispatched', from: 'submitted', to: 'dispatched', actor: 'staff:demo', note: `派给${name}` });
      }
      const reach = ['accepted', 'in_progress', 'completed', 'closed'];
      if (o.assignee && reach.includes(o.status)) {
        steps.push({ type: 'accepted', from: o.dispatched ? 'dispatched' : 'submitted', to: 'accepted', actor: o.assignee, note: o.dispatched ? null : '从待接订单中接单' });
      }
      if (o.assignee && reach.slice(1).includes(o.status)) {
        steps.push({ type: 'started', from: 'accepted', to: 'in_progress', actor: o.assignee, note: o.startNote ?? null });
      }
      if (o.assignee && reach.slice(2).includes(o.status)) {
        steps.push({ type: 'completed', from: 'in_progress', to: 'completed', actor: o.assignee, note: o.completeNote ?? null });
      }
      if (o.rating && o.owner) {
        steps.push({ type: 'rated', from: 'completed', to: 'closed', actor: o.owner, note: `${o.rating.score} 星：${o.rating.comment}` });
      }
      if (o.status === 'cancelled') {
        steps.push({ type: 'cancelled', from: 'submitted', to: 'cancelled', actor: o.cancelBy ?? o.createdBy, note: o.cancelReason ?? null });
      }
      const at = (i: number) => new Date(placed.getTime() + i * 2 * HOUR);
      const completedIndex = steps.findIndex((s) => s.type === 'completed');
      const code = await nextCode(tx, 'FW', placed);
      const [row] = await tx
        .insert(schema.serviceRequests)
        .values({
          code,
          serviceId: service.id,
          ownerId: owner?.id ?? null,
          createdById: creator.id,
          onBehalfOf: o.onBehalfOf ?? null,
          communityId: owner?.communityId ?? creator.communityId,
          description: o.description,
          preferredTime: o.preferredTime,
          contactPhone: o.contactPhone ?? o.onBehalfOf?.phone ?? owner?.phone ?? null,
          address: o.onBehalfOf?.address ?? (o.owner ? HOMES[o.owner] : undefined) ?? null,
          status: o.status,
          assigneeId: o.assignee ? who(o.assignee) : null,
          completedAt: completedIndex >= 0 ? at(completedIndex) : null,
          ratingScore: o.rating?.score ?? null,
          ratingComment: o.rating?.comment ?? null,
          createdAt: placed,
          updatedAt: at(steps.length - 1),
        })
        .returning({ id: schema.serviceRequests.id });
      await tx.insert(schema.requestEvents).values(
        steps.map((s, i) => ({
          requestId: row.id,
          type: s.type,
          fromStatus: s.from,
          toStatus: s.to,
          actorId: who(s.actor),
          actorRole: roleOf(s.actor),
          note: s.note,
          createdAt: at(i),
        })),
      );
      if (completedIndex >= 0 && o.assignee) {
        await tx
          .insert(schema.volunteerHours)
          .values({
            userId: who(o.assignee),
            sourceType: 'request',
            sourceId: row.id,
            minutes: service.minutes,
            servedAt: at(completedIndex),
            year: streetYear(at(completedIndex)),
            note: `${code} ${service.title}`,
          })
          .onConflictDoNothing();
      }
    });
  }
}
