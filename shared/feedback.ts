import * as z from 'zod';
import { isoDateTime } from './datetime';
import { PlaceSchema } from './places';
import { PageQuerySchema } from './problem';
import { PhotoIdsSchema, PhotoSchema } from './uploads';

/**
 * 问题墙 / 回音壁: categories double as Open311 services, so each carries the
 * description, keywords and group a city system reads from services.json.
 */
export const FEEDBACK_CATEGORIES = [
  { key: 'environment', name: '环境卫生', group: '城市管理', description: '垃圾清运、楼道堆物、卫生死角、污水外溢等', keywords: ['垃圾', '卫生', '堆物', '异味'] },
  { key: 'property', name: '物业管理', group: '住房物业', description: '物业服务、电梯、供水供暖、小区维修等', keywords: ['物业', '电梯', '漏水', '维修'] },
  { key: 'traffic', name: '道路交通', group: '城市管理', description: '道路破损、停车秩序、交通设施、占道经营等', keywords: ['道路', '停车', '井盖', '路灯'] },
  { key: 'security', name: '治安安全', group: '平安建设', description: '治安隐患、消防通道、电动车充电、防诈骗等', keywords: ['治安', '消防', '充电', '隐患'] },
  { key: 'dispute', name: '邻里纠纷', group: '矛盾调解', description: '噪音扰民、漏水纠纷、公共空间占用等邻里矛盾', keywords: ['纠纷', '噪音', '调解'] },
  { key: 'facilities', name: '公共设施', group: '城市管理', description: '健身器材、座椅、无障碍设施、公共照明等', keywords: ['设施', '器材', '无障碍', '照明'] },
  { key: 'elderly', name: '养老服务', group: '民生服务', description: '老年食堂、助餐助浴、适老化改造、居家养老等', keywords: ['养老', '助餐', '适老化', '老人'] },
  { key: 'greening', name: '园林绿化', group: '城市管理', description: '树木修剪、绿地养护、毁绿种菜等', keywords: ['树木', '绿化', '草坪'] },
  { key: 'other', name: '其他', group: '其他', description: '其他需要社区和街道协调解决的问题', keywords: ['其他', '建议'] },
] as const;

export const FEEDBACK_CATEGORY_KEYS = FEEDBACK_CATEGORIES.map((c) => c.key) as unknown as [
  (typeof FEEDBACK_CATEGORIES)[number]['key'],
  ...(typeof FEEDBACK_CATEGORIES)[number]['key'][],
];
export type FeedbackCategoryKey = (typeof FEEDBACK_CATEGORIES)[number]['key'];
export const FeedbackCategoryKeySchema = z.enum(FEEDBACK_CATEGORY_KEYS, { error: '请选择列表中的问题类别' });

export function feedbackCategoryName(key: string): string {
  return FEEDBACK_CATEGORIES.find((c) => c.key === key)?.name ?? '其他';
}

/** The code an item is known by (WT-YYYYMMDD-NNNN), which a path may carry instead of its id. */
export const FEEDBACK_CODE = /^WT-\d{8}-\d{4,}$/;

export const FEEDBACK_STATUSES = ['submitted', 'in_progress', 'resolved', 'closed', 'rejected'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_STATUS_NAMES: Record<FeedbackStatus, string> = {
  submitted: '待受理',
  in_progress: '整改中',
  resolved: '已办结',
  closed: '已办结',
  rejected: '不予受理',
};

export const FEEDBACK_RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];
export const FEEDBACK_RATING_NAMES: Record<FeedbackRating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** Common answers staff pick from and then edit; {title} stands for the item's title. */
export const FEEDBACK_REPLY_TEMPLATES = [
  { key: 'received', title: '已收到', body: '您好，您反映的“{title}”已收到，我们已登记并转交相关部门核实，会尽快给您答复。感谢您对社区工作的支持！' },
  { key: 'site_visit', title: '已现场查看', body: '您好，网格员已到现场查看，情况属实，已明确责任主体和整改期限，整改进度会在问题墙上公示，请您监督。' },
  { key: 'transferred', title: '已转交', body: '您好，该问题涉及物业/产权单位，我们已转交并督促其限期整改，整改结果将在回音壁公示。' },
  { key: 'need_info', title: '请补充情况', body: '您好，为便于尽快处理，请补充具体位置（楼栋、单元）和问题出现的时间，也可拨打社区服务电话联系我们。' },
  { key: 'meeting', title: '议事协商', body: '您好，该问题需要居民共同商议，已列入本月“一月一会一主题”议事会议题，欢迎您到场参加。' },
  { key: 'done', title: '已整改完成', body: '您好，该问题已整改完成，请您查看整改效果并在小程序中评价，您的评价会公示在回音壁上。' },
] as const;

/** Shared text limits, so the form's counters and the server agree. */
export const FEEDBACK_LIMITS = { title: 60, body: 2000, location: 200, party: 60, comment: 500 } as const;

/** Required text, its messages naming the field (docs/copy-guide.md: 请填写X, X最多 N 个字). */
const text = (max: number, name: string) => z.string().trim().min(1, `请填写${name}`).max(max, `${name}最多 ${max} 个字`);

export const CreateFeedbackBodySchema = z.object({
  category: FeedbackCategoryKeySchema,
  title: text(FEEDBACK_LIMITS.title, '标题'),
  body: text(FEEDBACK_LIMITS.body, '问题描述'),
  location: z.string().trim().max(FEEDBACK_LIMITS.location, `位置最多 ${FEEDBACK_LIMITS.location} 个字`).nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  /** Public items go on the walls; private ones are seen only by the reporter and staff. */
  public: z.boolean().default(true),
  /** Anonymous by default: the wall shows the reporter's name only when this is false. */
  anonymous: z.boolean().default(true),
  /** Defaults to the reporter's own community (or the picked grid's). */
  communityId: z.uuid().nullable().optional(),
  /**
   * Where: the building or grid (what residents know), and/or a map point with its address.
   * Routes the item to the grid's 网格员; its address and point win over `location`/`latitude`.
   */
  place: PlaceSchema.optional(),
  /** Photos uploaded with POST /api/uploads (the caller's own, not yet used). */
  photoIds: PhotoIdsSchema,
});
export type CreateFeedbackBody = z.input<typeof CreateFeedbackBodySchema>;

export const CreateFeedbackResponseSchema = z.object({ id: z.string(), code: z.string(), status: z.literal('submitted') });

export const FeedbackReplyBodySchema = z.object({ body: text(FEEDBACK_LIMITS.body, '回复内容'), photoIds: PhotoIdsSchema });
export const AssignFeedbackBodySchema = z.object({
  responsibleParty: text(FEEDBACK_LIMITS.party, '责任主体'),
  measures: text(FEEDBACK_LIMITS.body, '整改措施'),
  deadline: isoDateTime('请选择完成期限'),
});
/** `photoIds`: the 整改后 photos shown beside the result on 回音壁. */
export const ResolveFeedbackBodySchema = z.object({ result: text(FEEDBACK_LIMITS.body, '办理结果'), photoIds: PhotoIdsSchema });
export const RejectFeedbackBodySchema = z.object({ reason: text(FEEDBACK_LIMITS.comment, '不予受理的原因') });
export const RateFeedbackBodySchema = z.object({
  rating: z.enum(FEEDBACK_RATINGS, { error: '请选择 满意、基本满意 或 不满意' }),
  comment: z.string().trim().max(FEEDBACK_LIMITS.comment, `评价最多 ${FEEDBACK_LIMITS.comment} 个字`).optional(),
});

const boolQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const FeedbackWallQuerySchema = PageQuerySchema.extend({
  category: FeedbackCategoryKeySchema.optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
});
export const FeedbackInboxQuerySchema = PageQuerySchema.extend({
  status: z.enum([...FEEDBACK_STATUSES, 'open']).optional(),
  category: FeedbackCategoryKeySchema.optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  /** Only the items routed to the caller as their grid's 网格员 (交给我的). */
  routedToMe: boolQuery,
  overdue: boolQuery,
});

/** Staff close an item as a duplicate (重复) of another open one: its reporter and supporters follow the target. */
export const MergeFeedbackBodySchema = z.object({ intoId: z.uuid('请选择要合并到的问题') });
/** The closeReason of an item merged into another. */
export const CLOSE_REASON_DUPLICATE = 'duplicate';
export const FeedbackMineQuerySchema = PageQuerySchema;

export const FeedbackReplySchema = z.object({
  id: z.string(),
  /** staff | reporter | system (a step on the timeline: assigned, resolved, rated, reopened). */
  authorRole: z.enum(['staff', 'reporter', 'system']),
  /** Staff show their name; the reporter only when they chose to; system steps none. */
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
  photos: z.array(PhotoSchema),
});
export type FeedbackReply = z.infer<typeof FeedbackReplySchema>;

/** What anyone may see of a public item: never who reported it unless they chose to show their name. */
export const FeedbackPublicItemSchema = z.object({
  id: z.string(),
  code: z.string(),
  category: z.string(),
  categoryName: z.string(),
  title: z.string(),
  body: z.string(),
  location: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  /** The grid (网格) it is in, and the building as the reporter named it. */
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  building: z.string().nullable(),
  /** Closed as a duplicate of this item (its code), when staff merged it. */
  mergedInto: z.object({ id: z.string(), code: z.string() }).nullable(),
  isPublic: z.boolean(),
  status: z.enum(FEEDBACK_STATUSES),
  statusName: z.string(),
  responsibleParty: z.string().nullable(),
  measures: z.string().nullable(),
  deadline: z.string().nullable(),
  /** Open and past its deadline. */
  overdue: z.boolean(),
  /** Whole street-local days to the deadline (negative when overdue); null without a deadline. */
  daysLeft: z.number().int().nullable(),
  assignedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  result: z.string().nullable(),
  rating: z.enum(FEEDBACK_RATINGS).nullable(),
  ratingName: z.string().nullable(),
  ratingComment: z.string().nullable(),
  reopenCount: z.number().int(),
  closeReason: z.string().nullable(),
  /** The reporter's display name when they chose to show it; otherwise null (匿名). */
  reporterName: z.string().nullable(),
  replyCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The reporter's photos (public viewers: only those that passed the content check). */
  photos: z.array(PhotoSchema),
  /** Staff's photos with the result (整改后). */
  resultPhotos: z.array(PhotoSchema),
  /** 我也遇到: neighbours who have the same problem. */
  supportCount: z.number().int(),
  /** Where the item came from when not this app: the name of the Open311 client that posted it. */
  source: z.string().nullable(),
});
export type FeedbackPublicItem = z.infer<typeof FeedbackPublicItemSchema>;

export const FeedbackDetailSchema = FeedbackPublicItemSchema.extend({
  replies: z.array(FeedbackReplySchema),
  /** True when the caller reported it. */
  mine: z.boolean(),
  anonymous: z.boolean().nullable(),
  rejectReason: z.string().nullable(),
  canRate: z.boolean(),
  canReply: z.boolean(),
  /** What the caller may do now, from the server's transition table (pages never decide this). */
  allowedActions: z.array(z.enum(['reply', 'assign', 'resolve', 'reject', 'merge', 'rate'])),
  /** The caller said 我也遇到 on it. */
  supported: z.boolean(),
  /** Staff only: who to contact. Absent from every answer the public can get. */
  reporter: z.object({ id: z.string().nullable(), displayName: z.string(), phoneMasked: z.string().nullable() }).nullable().optional(),
});
export type FeedbackDetail = z.infer<typeof FeedbackDetailSchema>;

export const FeedbackPageSchema = z.object({ items: z.array(FeedbackPublicItemSchema), nextCursor: z.string().nullable() });

export const FeedbackCategorySchema = z.object({ key: z.string(), name: z.string(), description: z.string() });
export const FeedbackCategoriesSchema = z.array(FeedbackCategorySchema);

export const FeedbackStatsRowSchema = z.object({
  responsibleParty: z.string(),
  /** Items assigned to this party (handled), whatever their state now. */
  count: z.number().int(),
  resolvedCount: z.number().int(),
  openCount: z.number().int(),
  overdueCount: z.number().int(),
  /** Resolved by the deadline ÷ (resolved + open items already past their deadline); null when none. */
  onTimeRate: z.number().nullable(),
  medianDaysToResolve: z.number().nullable(),
  ratedCount: z.number().int(),
  /** (满意 + 基本满意) ÷ rated; null when nothing is rated. */
  satisfaction: z.number().nullable(),
});
export type FeedbackStatsRow = z.infer<typeof FeedbackStatsRowSchema>;
export const FeedbackStatsSchema = z.object({
  items: z.array(FeedbackStatsRowSchema),
  totals: FeedbackStatsRowSchema.omit({ responsibleParty: true }),
  generatedAt: z.string(),
});
export type FeedbackStats = z.infer<typeof FeedbackStatsSchema>;

/** At this many 我也遇到 the item is flagged to street staff. */
export const SUPPORT_FLAG_THRESHOLD = 10;
export const SupportResultSchema = z.object({ supportCount: z.number().int(), supported: z.boolean() });
export type SupportResult = z.infer<typeof SupportResultSchema>;

export const RateFeedbackResponseSchema = z.object({ id: z.string(), status: z.enum(FEEDBACK_STATUSES), reopened: z.boolean() });

// ---- 举报 (reports on public items) ------------------------------------------

/** Why a public item should come off the wall; staff check it and confirm or dismiss. */
export const FEEDBACK_REPORT_REASONS = [
  { key: 'privacy', name: '泄露他人隐私' },
  { key: 'abuse', name: '辱骂、人身攻击' },
  { key: 'illegal', name: '违法违规内容' },
  { key: 'false', name: '虚假不实信息' },
  { key: 'ads', name: '广告或无关内容' },
  { key: 'other', name: '其他' },
] as const;
export type FeedbackReportReason = (typeof FEEDBACK_REPORT_REASONS)[number]['key'];
export const FEEDBACK_REPORT_REASON_KEYS = FEEDBACK_REPORT_REASONS.map((r) => r.key) as unknown as [FeedbackReportReason, ...FeedbackReportReason[]];
export function feedbackReportReasonName(key: string): string {
  return FEEDBACK_REPORT_REASONS.find((r) => r.key === key)?.name ?? '其他';
}
export const FEEDBACK_REPORT_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type FeedbackReportStatus = (typeof FEEDBACK_REPORT_STATUSES)[number];
export const FEEDBACK_REPORT_STATUS_NAMES: Record<FeedbackReportStatus, string> = {
  open: '待核实',
  confirmed: '已核实，内容已撤下',
  dismissed: '经核实未违规',
};
export const FEEDBACK_REPORT_DETAIL_MAX = 200;

export const ReportFeedbackBodySchema = z.object({
  reason: z.enum(FEEDBACK_REPORT_REASON_KEYS, { error: '请选择举报原因' }),
  detail: z.string().trim().max(FEEDBACK_REPORT_DETAIL_MAX, `不能超过 ${FEEDBACK_REPORT_DETAIL_MAX} 个字`).optional(),
});
export const HandleFeedbackReportBodySchema = z.object({
  note: z.string().trim().max(FEEDBACK_LIMITS.comment, `不能超过 ${FEEDBACK_LIMITS.comment} 个字`).optional(),
});
export const FeedbackReportsQuerySchema = PageQuerySchema.extend({
  status: z.enum(FEEDBACK_REPORT_STATUSES, { error: '请选择 open、confirmed 或 dismissed' }).optional(),
});

export const FeedbackReportSchema = z.object({
  id: z.string(),
  feedbackId: z.string(),
  feedbackCode: z.string(),
  feedbackTitle: z.string(),
  communityName: z.string().nullable(),
  reason: z.enum(FEEDBACK_REPORT_REASON_KEYS),
  reasonName: z.string(),
  detail: z.string().nullable(),
  status: z.enum(FEEDBACK_REPORT_STATUSES),
  statusName: z.string(),
  /** True once staff took the item off the public wall and 回音壁. */
  itemHidden: z.boolean(),
  handledNote: z.string().nullable(),
  handledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type FeedbackReport = z.infer<typeof FeedbackReportSchema>;
export const FeedbackReportPageSchema = z.object({ items: z.array(FeedbackReportSchema), nextCursor: z.string().nullable() });

