import * as z from 'zod';
import { PageQuerySchema } from './problem';

/** Kinds of subscribe message; the server's outbox uses the same list. */
export const MESSAGE_KINDS = [
  'order_dispatched',
  'order_accepted',
  'order_completed',
  'feedback_replied',
  'feedback_resolved',
  'feedback_overdue',
  'shift_reminder',
  'waitlist_promoted',
  'shift_cancelled',
  'volunteer_reviewed',
  'feedback_supported',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MessageKindSchema = z.enum(MESSAGE_KINDS, { error: '未知的消息类型' });

export const MESSAGE_KIND_NAMES: Record<MessageKind, string> = {
  order_dispatched: '订单已派单',
  order_accepted: '志愿者已接单',
  order_completed: '服务已完成',
  feedback_replied: '问题有回复',
  feedback_resolved: '问题已办结',
  feedback_overdue: '问题已超期',
  shift_reminder: '明日值班提醒',
  waitlist_promoted: '候补转正',
  shift_cancelled: '值班已取消',
  volunteer_reviewed: '志愿者报到审核结果',
  feedback_supported: '多位居民反映同一问题',
};

/** Delivery through WeChat; the message centre shows every message whatever this says. */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'refused', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_NAMES: Record<DeliveryStatus, string> = {
  pending: '待推送',
  sending: '推送中',
  sent: '已推送到微信',
  failed: '微信推送失败',
  refused: '您未开启微信提醒',
  skipped: '仅站内消息',
};

export const MessageSchema = z.object({
  id: z.string(),
  kind: z.string(),
  kindName: z.string(),
  title: z.string(),
  body: z.string(),
  /** Mini-program page the message opens, or null. */
  page: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  delivery: z.enum(DELIVERY_STATUSES),
});
export type Message = z.infer<typeof MessageSchema>;

export const MessageQuerySchema = PageQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional(),
});
export const MessagePageSchema = z.object({
  items: z.array(MessageSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export const ReadAllResultSchema = z.object({ marked: z.number().int(), unreadCount: z.number().int() });

/** What wx.requestSubscribeMessage answered "accept" for, as message kinds. */
export const SubscriptionsBodySchema = z.object({
  kinds: z.array(MessageKindSchema).min(1, '请至少选择一种提醒').max(MESSAGE_KINDS.length),
});
export const SubscriptionsSchema = z.object({
  grants: z.array(z.object({ kind: z.string(), remaining: z.number().int() })),
  /** WeChat template ids per kind (only configured kinds), for wx.requestSubscribeMessage. */
  templateIds: z.record(z.string(), z.string()),
});
