import * as z from 'zod';
import { isoDateTime } from './datetime';
import { RoleSchema } from './auth';
import { PageQuerySchema } from './problem';

export const GrantRoleBodySchema = z.object({
  role: RoleSchema,
  /** For staff: the community they are limited to; null or absent means street staff. */
  staffCommunityId: z.uuid().nullable().optional(),
});

/** One account as the admin's users page lists it: no raw ids on screen, the phone masked. */
export const AdminUserSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  phoneMasked: z.string().nullable(),
  /** The last characters of the WeChat openid, enough to tell two accounts of one name apart. */
  openidTail: z.string().nullable(),
  communityName: z.string().nullable(),
  /** Staff only: the community they are limited to (null: street staff). */
  staffCommunityId: z.string().nullable(),
  staffCommunityName: z.string().nullable(),
  /** An approved red-post volunteer keeps that role when a staff or admin role is revoked. */
  approvedVolunteer: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const AdminUserQuerySchema = PageQuerySchema.extend({
  /** A name (part of it), a phone number (part of its digits) or an openid. */
  q: z.string().trim().max(64, '搜索内容最多 64 个字').optional(),
  role: RoleSchema.optional(),
});

export const AuditEntrySchema = z.object({
  id: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /** The actor's display name now (已注销用户 after deletion), for reading the log at a glance. */
  actorName: z.string().nullable().optional(),
  subjectUserId: z.string().nullable().optional(),
  /** Readable forms, so nobody reads a code, a uuid or a field name: */
  /** the action in Chinese (AUDIT_ACTION_NAMES; 其他操作 for one not named there). */
  actionName: z.string(),
  actorRoleName: z.string().nullable(),
  /** What the action touched, by its title, code or person's name (null when it is gone or there is none). */
  targetLabel: z.string().nullable(),
  /** Whose data it touched, by name. */
  subjectName: z.string().nullable(),
  /** The detail as label/value pairs in Chinese. */
  details: z.array(z.object({ label: z.string(), value: z.string() })),
});
export const AuditQuerySchema = PageQuerySchema.extend({
  action: z.string().max(64).optional(),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  /** Whose data the action touched (e.g. the owner of a scanned card). */
  subjectUserId: z.uuid().optional(),
  /** ISO 8601 bounds on the time of the action: from inclusive, to exclusive. */
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
});

/** The export takes the page's filters, without paging. */
export const AuditExportQuerySchema = AuditQuerySchema.omit({ cursor: true, limit: true });

/** Chinese names of audited actions, for the audit page; unknown actions show their code. */
export const AUDIT_ACTION_NAMES: Record<string, string> = {
  'card.scanned': '扫码查看亲情卡',
  'card.looked_up': '按卡号或住址查看亲情卡',
  'card.lookup_missed': '查找亲情卡未找到',
  'handbook.synonym_added': '添加搜索同义词',
  'handbook.synonym_removed': '删除搜索同义词',
  'feedback.assigned': '问题定责任、措施、期限',
  'feedback.rejected': '问题不予受理',
  'feedback.replied': '回复问题',
  'feedback.resolved': '问题办结',
  'feedback.report_confirmed': '核实举报并撤下问题',
  'feedback.report_dismissed': '驳回举报',
  'handbook.created': '新增手册事项',
  'handbook.updated': '修改手册事项',
  'handbook.unpublished': '下架手册事项',
  'link.created': '添加公众号文章',
  'link.updated': '修改公众号文章',
  'link.deleted': '删除公众号文章',
  'request.cancelled': '取消订单',
  'request.created_on_behalf': '代办下单',
  'request.dispatched': '派单',
  'shift.published': '发布班次',
  'shift.updated': '修改班次',
  'shift.cancelled': '取消班次',
  'shift.attendance_corrected': '更正考勤',
  'volunteer.stars_awarded': '评定志愿者星级',
  'user.role_granted': '授予角色',
  'settings.updated': '修改街道设置',
  'request.accepted': '受理订单',
  'resident.searched': '查找居民',
  'volunteer.approved': '确认志愿者报到',
  'volunteer.rejected': '志愿者报到不通过',
  'user.data_exported': '居民导出本人数据',
  'user.deleted': '居民注销账号',
  'open311.key_issued': '发放 Open311 接入密钥',
  'open311.key_revoked': '停用 Open311 接入密钥',
  'open311.request': '第三方经 Open311 提交问题',
};
