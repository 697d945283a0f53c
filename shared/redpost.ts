import * as z from 'zod';
import { isoDateTime as sharedIsoDateTime } from './datetime';
import { PageQuerySchema } from './problem';
import { SIGNUP_STATUSES } from './redpost-names';

/**
 * 红岗 · the five red posts of 石楠街道, as the 2021 report describes them: party members
 * and volunteers stand at fixed posts, each post doing one kind of service.
 */
/** A shift is published until staff cancel it. */
export const SHIFT_STATUSES = ['published', 'cancelled'] as const;
/** What earned volunteer time: a shift attended, an order completed, or staff by hand. */
export const HOUR_SOURCES = ['shift', 'request', 'manual'] as const;

export const POST_TYPES = ['red_card', 'red_armband', 'red_cross', 'red_sunset', 'red_scarf'] as const;
export type PostType = (typeof POST_TYPES)[number];

export interface PostTypeInfo {
  type: PostType;
  name: string;
  /** What the post does, in one line. */
  duty: string;
  description: string;
  /** Typical services, shown as tags. */
  services: string[];
}

export const POST_TYPE_INFO: Record<PostType, PostTypeInfo> = {
  red_card: {
    type: 'red_card',
    name: '红名片',
    duty: '公民文明教育',
    description: '党员亮身份、递名片，宣讲政策法规和文明新风，做群众身边的“明白人”。',
    services: ['政策宣讲', '文明劝导', '垃圾分类宣传', '反诈宣传'],
  },
  red_armband: {
    type: 'red_armband',
    name: '红袖章',
    duty: '化解矛盾',
    description: '戴上红袖章巡楼道、守路口，调解邻里纠纷，把矛盾化解在萌芽状态。',
    services: ['邻里调解', '治安巡逻', '楼道安全巡查', '法律咨询引导'],
  },
  red_cross: {
    type: 'red_cross',
    name: '红十字',
    duty: '免费门诊',
    description: '医务党员和志愿者坐诊社区，义诊、量血压、测血糖，送健康知识上门。',
    services: ['义诊', '量血压测血糖', '健康讲座', '应急救护培训'],
  },
  red_sunset: {
    type: 'red_sunset',
    name: '红夕阳',
    duty: '扶贫济困',
    description: '结对帮扶独居老人、困难家庭，助餐、助洁、代购代办，让困难群众有依靠。',
    services: ['助老助餐', '入户探访', '代购代办', '困难帮扶'],
  },
  red_scarf: {
    type: 'red_scarf',
    name: '红领巾',
    duty: '环境治理',
    description: '带着孩子们一起清洁家园、美化楼院，从小养成爱护环境的好习惯。',
    services: ['楼院清洁', '绿化养护', '小广告清理', '社区小时班'],
  },
};

export const PostTypeSchema = z.enum(POST_TYPES, { error: '未知的红岗类型' });

export const PostSchema = z.object({
  type: PostTypeSchema,
  name: z.string(),
  duty: z.string(),
  description: z.string(),
  services: z.array(z.string()),
  /** Published shifts that have not ended yet. */
  upcomingShifts: z.number().int(),
});
export type Post = z.infer<typeof PostSchema>;
export const PostListSchema = z.array(PostSchema);

/** Sign-ups open until the start; cancelling a confirmed place closes 2 hours before it. */
export const CANCEL_CUTOFF_MINUTES = 120;
/** Check-in opens 30 minutes before the start. */
export const CHECKIN_OPENS_MINUTES = 30;
/** Arriving later than this after the start marks the volunteer late. */
export const LATE_AFTER_MINUTES = 15;
/** Check-out stays possible this long after the end; later, staff correct the roster. */
export const CHECKOUT_GRACE_MINUTES = 360;
export const CODE_PERIOD_SECONDS = 60;
export const MAX_SHIFT_CAPACITY = 1000;

export * from './redpost-names';
export const SignupStatusSchema = z.enum(SIGNUP_STATUSES);

export const ATTENDANCES = ['pending', 'present', 'late', 'no_show'] as const;
export const AttendanceSchema = z.enum(ATTENDANCES);
export type Attendance = z.infer<typeof AttendanceSchema>;
export const ATTENDANCE_NAMES: Record<Attendance, string> = {
  pending: '未签到',
  present: '已到岗',
  late: '迟到',
  no_show: '缺勤',
};

const isoDateTime = sharedIsoDateTime();

const shiftFields = {
  postType: PostTypeSchema,
  title: z.string().trim().min(1, '请填写岗位名称').max(60),
  location: z.string().trim().min(1, '请填写地点').max(100),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  capacity: z
    .number({ error: '请填写招募人数' })
    .int('招募人数须为整数')
    .min(1, '招募人数至少 1 人')
    .max(MAX_SHIFT_CAPACITY, `招募人数最多 ${MAX_SHIFT_CAPACITY} 人`),
  notes: z.string().trim().max(500).nullable().optional(),
  /** Omitted: the staff member's own community, or the whole street for street staff. */
  communityId: z.uuid().nullable().optional(),
};

const endAfterStart = (v: { startsAt: string; endsAt: string }) => Date.parse(v.endsAt) > Date.parse(v.startsAt);
const endAfterStartIssue = { message: '结束时间须晚于开始时间', path: ['endsAt'] };
const notTooLong = (v: { startsAt: string; endsAt: string }) => Date.parse(v.endsAt) - Date.parse(v.startsAt) <= 24 * 3600_000;
const notTooLongIssue = { message: '一个班次最长 24 小时', path: ['endsAt'] };

export const CreateShiftBodySchema = z
  .object(shiftFields)
  .refine(endAfterStart, endAfterStartIssue)
  .refine(notTooLong, notTooLongIssue);
export type CreateShiftBody = z.infer<typeof CreateShiftBodySchema>;
/** PUT replaces the shift's fields; capacity may grow, never below the confirmed count. */
/** @alias The same fields: an edit replaces the whole shift. */
export const UpdateShiftBodySchema = CreateShiftBodySchema;

export const CancelShiftBodySchema = z.object({ reason: z.string().trim().max(200).optional() });

export const ShiftQuerySchema = PageQuerySchema.extend({
  postType: PostTypeSchema.optional(),
  /** Shifts that end after `from` (default: now) and start before `to`. */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  communityId: z.uuid().optional(),
});

export const MyShiftQuerySchema = PageQuerySchema.extend({
  when: z.enum(['upcoming', 'past']).default('upcoming'),
});

export const ShiftSchema = z.object({
  id: z.string(),
  postType: PostTypeSchema,
  postName: z.string(),
  title: z.string(),
  location: z.string(),
  communityId: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  confirmedCount: z.number().int(),
  waitlistCount: z.number().int(),
  notes: z.string().nullable(),
  status: z.enum(SHIFT_STATUSES),
  /** The caller's sign-up; null when not signed up or not logged in. */
  myStatus: SignupStatusSchema.nullable(),
  /** 1 for the first on the waitlist. */
  myWaitlistPosition: z.number().int().nullable(),
  myCheckinAt: z.string().nullable(),
  myCheckoutAt: z.string().nullable(),
  myMinutes: z.number().int().nullable(),
  /** Whether a confirmed volunteer may still cancel (the 2-hour cut-off). */
  canCancel: z.boolean(),
});
export type Shift = z.infer<typeof ShiftSchema>;

export const SignupResultSchema = z.object({
  shiftId: z.string(),
  status: SignupStatusSchema,
  seq: z.number().int(),
  waitlistPosition: z.number().int().nullable(),
  shift: ShiftSchema,
});

export const CancelSignupResultSchema = z.object({
  shiftId: z.string(),
  status: z.literal('cancelled'),
  /** The volunteer moved from the waitlist into the freed place, if any. */
  promotedUserId: z.string().nullable(),
  shift: ShiftSchema,
});

/**
 * What staff show at the post: the digits, and a QR of `SNRP:<shiftId>:<digits>` that the
 * scanner reads. Either form is accepted at check-in.
 */
export const CheckinCodeSchema = z.object({
  shiftId: z.string(),
  code: z.string(),
  qrText: z.string(),
  /** When the display should fetch the next code. */
  rotatesAt: z.string(),
  /** When this code stops being accepted (it stays valid for one more period). */
  expiresAt: z.string(),
  periodSeconds: z.number().int(),
});
export type CheckinCode = z.infer<typeof CheckinCodeSchema>;

export const CheckinBodySchema = z.object({
  code: z
    .string({ error: '请扫描或输入签到码' })
    .trim()
    .min(1, '请扫描或输入签到码')
    .max(120),
});

/** Reads the digits (and the shift, when scanned from the QR) out of what the volunteer entered. */
export function parseCheckinText(text: string): { shiftId: string | null; digits: string } | null {
  const t = text.trim();
  const qr = /^SNRP:([0-9a-f-]{36}):(\d{6})$/i.exec(t);
  if (qr) return { shiftId: qr[1].toLowerCase(), digits: qr[2] };
  const digits = t.replace(/\s+/g, '');
  if (/^\d{6}$/.test(digits)) return { shiftId: null, digits };
  return null;
}

export const qrTextFor = (shiftId: string, digits: string) => `SNRP:${shiftId}:${digits}`;

export const AttendanceResultSchema = z.object({
  shiftId: z.string(),
  userId: z.string(),
  attendance: AttendanceSchema,
  checkinAt: z.string().nullable(),
  checkoutAt: z.string().nullable(),
  minutes: z.number().int().nullable(),
});

export const RosterEntrySchema = z.object({
  signupId: z.string(),
  userId: z.string(),
  realName: z.string(),
  displayName: z.string(),
  isPartyMember: z.boolean(),
  workUnit: z.string().nullable(),
  /** Staff call volunteers who have not arrived. */
  phone: z.string().nullable(),
  status: SignupStatusSchema,
  seq: z.number().int(),
  attendance: AttendanceSchema,
  checkinAt: z.string().nullable(),
  checkoutAt: z.string().nullable(),
  minutes: z.number().int().nullable(),
});
export const RosterSchema = z.object({ shift: ShiftSchema, items: z.array(RosterEntrySchema) });
export type RosterEntry = z.infer<typeof RosterEntrySchema>;
export type Roster = z.infer<typeof RosterSchema>;

export const AttendanceBodySchema = z.object({
  userId: z.uuid('请选择志愿者'),
  attendance: z.enum(['present', 'late', 'no_show'], { error: '请选择到岗情况' }),
  /** Manual minutes; omitted keeps the scanned time (or the full shift for a present volunteer without one). */
  minutes: z.number().int().min(0, '时长不能为负').max(24 * 60).optional(),
  note: z.string().trim().max(200).optional(),
});

const phoneSchema = z.string().regex(/^1\d{10}$/, '请输入 11 位手机号');

export const VolunteerProfileBodySchema = z.object({
  realName: z.string().trim().min(2, '请填写真实姓名').max(20),
  isPartyMember: z.boolean({ error: '请选择是否党员' }),
  /** 在职党员到社区报到: the unit they work for. */
  workUnit: z.string().trim().max(60).nullable().optional(),
  skills: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  phone: phoneSchema.nullable().optional(),
});
export type VolunteerProfileBody = z.infer<typeof VolunteerProfileBodySchema>;

/** 在职党员报到 goes to the community first; only a confirmed volunteer takes orders and shifts. */
export const VOLUNTEER_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const VOLUNTEER_SKILLS = ['助老服务', '政策宣传', '医疗护理', '法律咨询', '矛盾调解', '环境清洁', '文艺宣传', '心理疏导', '电脑手机教学', '儿童陪伴'];

export const VolunteerProfileSchema = z.object({
  userId: z.string(),
  realName: z.string(),
  isPartyMember: z.boolean(),
  workUnit: z.string().nullable(),
  skills: z.array(z.string()),
  phoneMasked: z.string().nullable(),
  hoursTotal: z.number(),
  hoursThisYear: z.number(),
  minutesTotal: z.number().int(),
  minutesThisYear: z.number().int(),
  /** This year's stars (星级评定), null before the rating. */
  stars: z.number().int().nullable(),
  starsByYear: z.array(z.object({ year: z.number().int(), stars: z.number().int() })),
  registeredAt: z.string(),
  status: z.enum(VOLUNTEER_STATUSES),
  /** The community the report went to. */
  communityId: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
});
export type VolunteerProfile = z.infer<typeof VolunteerProfileSchema>;

export const YearQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const RecordItemSchema = z.object({
  sourceType: z.enum(HOUR_SOURCES),
  sourceId: z.string(),
  title: z.string(),
  /** For shifts: the post name; for orders: 菜单式服务. */
  category: z.string(),
  servedAt: z.string(),
  minutes: z.number().int(),
  hours: z.number(),
});
export const YearlyRecordSchema = z.object({
  year: z.number().int(),
  userId: z.string(),
  realName: z.string(),
  isPartyMember: z.boolean(),
  workUnit: z.string().nullable(),
  stars: z.number().int().nullable(),
  minutes: z.number().int(),
  hours: z.number(),
  shiftCount: z.number().int(),
  orderCount: z.number().int(),
  items: z.array(RecordItemSchema),
});
export type YearlyRecord = z.infer<typeof YearlyRecordSchema>;

export const VolunteerListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(20).optional(),
  status: z.enum(VOLUNTEER_STATUSES, { error: '未知的报到状态' }).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const VolunteerListItemSchema = z.object({
  userId: z.string(),
  realName: z.string(),
  displayName: z.string(),
  isPartyMember: z.boolean(),
  workUnit: z.string().nullable(),
  skills: z.array(z.string()),
  phone: z.string().nullable(),
  communityId: z.string().nullable(),
  hoursTotal: z.number(),
  hoursInYear: z.number(),
  year: z.number().int(),
  stars: z.number().int().nullable(),
  status: z.enum(VOLUNTEER_STATUSES),
  registeredAt: z.string(),
  rejectReason: z.string().nullable(),
});
export type VolunteerListItem = z.infer<typeof VolunteerListItemSchema>;

export const RejectVolunteerBodySchema = z.object({
  reason: z.string({ error: '请填写不通过的原因' }).trim().min(2, '请填写不通过的原因').max(200),
});
export const VolunteerReviewSchema = z.object({
  userId: z.string(),
  status: z.enum(VOLUNTEER_STATUSES),
  reviewedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
});

export const StarsBodySchema = z.object({
  year: z.number({ error: '请填写年份' }).int().min(2000, '年份有误').max(2100, '年份有误'),
  stars: z.number({ error: '请选择星级' }).int('星级须为整数').min(1, '星级为 1 到 5 星').max(5, '星级为 1 到 5 星'),
});
export const StarsResultSchema = z.object({ userId: z.string(), year: z.number().int(), stars: z.number().int() });

export const minutesToHours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
