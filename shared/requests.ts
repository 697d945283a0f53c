import * as z from 'zod';
import { PageQuerySchema, pageSchema } from './problem';

/** 菜单式服务: 群众下单、社区派单、党员接单. */
export const REQUEST_STATUSES = ['submitted', 'dispatched', 'accepted', 'in_progress', 'completed', 'closed', 'cancelled'] as const;
export const RequestStatusSchema = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

export const REQUEST_STATUS_NAMES: Record<RequestStatus, string> = {
  submitted: '待派单',
  dispatched: '已派单',
  accepted: '已接单',
  in_progress: '服务中',
  completed: '待评价',
  closed: '已完成',
  cancelled: '已取消',
};

/** A waiting order as volunteers see it in the open pool: for them it is there to take, not to dispatch. */
export const POOL_STATUS_NAME = '可接单';

/** What the caller may do next; the server decides, pages only show the buttons. */
export const REQUEST_ACTIONS = ['dispatch', 'accept', 'start', 'complete', 'cancel', 'rate'] as const;
export const RequestActionSchema = z.enum(REQUEST_ACTIONS);
export type RequestAction = z.infer<typeof RequestActionSchema>;

export const REQUEST_EVENT_NAMES: Record<string, string> = {
  created: '提交订单',
  dispatched: '社区派单',
  accepted: '志愿者接单',
  started: '开始服务',
  completed: '服务完成',
  cancelled: '订单取消',
  rated: '居民评价',
  released: '退回待派单',
};

export const REQUEST_SCOPES = ['mine', 'available', 'assigned', 'all'] as const;
export const RequestScopeSchema = z.enum(REQUEST_SCOPES);
export type RequestScope = z.infer<typeof RequestScopeSchema>;

/** Mobile (11 digits) or a landline such as 0931-87654301: many elderly residents only have the latter. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const PhoneSchema = z.string().trim().regex(PHONE_PATTERN, '请输入正确的电话号码（11 位手机号或带区号的座机）');

export const DESCRIPTION_MAX = 1000;

/** Trimmed text without NUL or other control characters (PostgreSQL text cannot hold NUL). */
const text = () => z.string().trim().regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/, '含有无法识别的字符');

export const OnBehalfOfSchema = z.object({
  name: text().min(1, '请填写被代办人的姓名').max(32),
  phone: PhoneSchema.optional(),
  address: text().min(1).max(120).optional(),
});

export const CreateRequestBodySchema = z.object({
  serviceId: z.uuid('请选择要预约的服务'),
  description: text().min(1, '请描述您的需求').max(DESCRIPTION_MAX, `需求描述最多 ${DESCRIPTION_MAX} 字`),
  preferredTime: text().max(64, '期望时间最多 64 字').optional(),
  contactPhone: PhoneSchema.optional(),
  /** Where the volunteer should go; the form prefills it from the neighbour card. */
  address: text().max(120, '地址最多 120 字').optional(),
  /** 代办: staff (or a grid worker) ordering for a neighbour, often an elderly one without a phone. */
  onBehalfOf: OnBehalfOfSchema.optional(),
  /** 代办 for a resident who has an account: the order then appears among their own. */
  ownerId: z.uuid().optional(),
  /** 代办 only: the community the order belongs to when the neighbour has no account. */
  communityId: z.uuid().optional(),
});
export type CreateRequestBody = z.infer<typeof CreateRequestBodySchema>;

export const ListRequestsQuerySchema = PageQuerySchema.extend({
  scope: RequestScopeSchema.default('mine'),
  status: RequestStatusSchema.optional(),
});
export type ListRequestsQuery = z.infer<typeof ListRequestsQuerySchema>;

export const DispatchBodySchema = z.object({
  assigneeId: z.uuid('请选择志愿者'),
  note: text().max(500).optional(),
});
export const StepNoteBodySchema = z.object({ note: text().max(500).optional() });
export const CompleteBodySchema = z.object({
  note: text().min(1, '请简单写一下服务情况').max(500),
});
export const CancelBodySchema = z.object({ reason: text().min(1, '请填写取消原因').max(200) });
export const RateBodySchema = z.object({
  score: z.number().int().min(1, '评分为 1 到 5 星').max(5, '评分为 1 到 5 星'),
  comment: text().max(500).optional(),
});

export const CandidatesQuerySchema = z.object({ skill: text().min(1).max(32).optional() });

export const ServiceMenuItemSchema = z.object({
  id: z.string(),
  category: z.string(),
  title: z.string(),
  summary: z.string(),
  serviceMinutes: z.number().int(),
});
export const ServiceMenuSchema = pageSchema(ServiceMenuItemSchema);

const PersonSchema = z.object({ id: z.string(), displayName: z.string() });

export const RequestEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  typeName: z.string(),
  fromStatus: RequestStatusSchema.nullable(),
  toStatus: RequestStatusSchema,
  actor: PersonSchema.extend({ role: z.string().nullable() }).nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type RequestEvent = z.infer<typeof RequestEventSchema>;

export const ServiceRequestSchema = z.object({
  id: z.string(),
  code: z.string(),
  status: RequestStatusSchema,
  statusName: z.string(),
  serviceId: z.string(),
  service: z.object({ id: z.string(), category: z.string(), title: z.string() }),
  description: z.string(),
  preferredTime: z.string().nullable(),
  /** Full only for the owner, staff, and the assignee from acceptance until a week after completion; masked otherwise. */
  contactPhone: z.string().nullable(),
  /** Same rule as the phone; null while hidden. */
  address: z.string().nullable(),
  contactVisible: z.boolean(),
  onBehalfOf: z
    .object({ name: z.string(), phone: z.string().nullable(), address: z.string().nullable() })
    .nullable(),
  communityId: z.string().nullable(),
  owner: PersonSchema.nullable(),
  createdBy: PersonSchema.nullable(),
  assignee: PersonSchema.nullable(),
  completedAt: z.string().nullable(),
  rating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
  allowedActions: z.array(RequestActionSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceRequest = z.infer<typeof ServiceRequestSchema>;

export const ServiceRequestDetailSchema = ServiceRequestSchema.extend({ events: z.array(RequestEventSchema) });
export type ServiceRequestDetail = z.infer<typeof ServiceRequestDetailSchema>;
export const ServiceRequestPageSchema = pageSchema(ServiceRequestSchema);

export const CandidateSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  realName: z.string(),
  isPartyMember: z.boolean(),
  skills: z.array(z.string()),
  communityId: z.string().nullable(),
  sameCommunity: z.boolean(),
  /** Orders dispatched to or taken by them and not yet completed. */
  openTasks: z.number().int(),
  completedCount: z.number().int(),
  averageScore: z.number().nullable(),
  /** Volunteer minutes served in the last 30 days (orders, shifts, manual entries). */
  recentMinutes: z.number().int(),
  /** The skills that fit the order's service; empty when none does. */
  matchedSkills: z.array(z.string()),
  /** Why this place in the list, for the desk: 技能匹配：陪诊·同社区·手头0单·近30天未服务. */
  reason: z.string(),
});
export type Candidate = z.infer<typeof CandidateSchema>;
export const CandidateListSchema = z.object({ items: z.array(CandidateSchema) });

/** 代办 picker: staff look a resident up by name or whole phone number to order on their behalf. */
export const RESIDENT_SEARCH_MAX = 40;
export const RESIDENT_SEARCH_LIMIT = 20;
export const ResidentSearchQuerySchema = z.object({
  q: z
    .string({ error: '请输入居民姓名或电话号码' })
    .trim()
    .min(1, '请输入居民姓名或电话号码')
    .max(RESIDENT_SEARCH_MAX, `搜索词最多 ${RESIDENT_SEARCH_MAX} 个字`)
    .regex(/^[^\u0000-\u001f\u007f]*$/, '含有无法识别的字符'),
});
export type ResidentSearchQuery = z.infer<typeof ResidentSearchQuerySchema>;

/** Only what the picker shows: never the full phone, the card or the address. */
export const ResidentPickSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** 138****5678 */
  maskedPhone: z.string().nullable(),
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  gridName: z.string().nullable(),
});
export type ResidentPick = z.infer<typeof ResidentPickSchema>;
export const ResidentPickListSchema = z.object({ items: z.array(ResidentPickSchema) });

/** What the order form starts with: the caller's own phone and the address on their neighbour card. */
export const RequestPrefillSchema = z.object({
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  displayName: z.string(),
});
