import { and, eq, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import { toStreetIso } from '../../shared/time';
import { schema, type Db } from '../../api/_lib/db';
import { escalateOverdueFeedback, overdueNotesForStaff, sendShiftReminders } from '../../api/_lib/services/cron';
import { enqueueNotifications, type NewNotification } from '../../api/_lib/services/notifications';
import { PAGES, deepLink } from '../../shared/pages';
import { sentence } from '../../shared/text';

/**
 * The message centre (消息) of the demo personas: what the street would have told them
 * about the orders and problems the other demo steps created, plus a first cron pass
 * (overdue items for staff, tomorrow's reminders for volunteers). Runs after those steps.
 */
export async function seedNotifications(db: Db) {
  const u = schema.users;
  const people = await db.select({ id: u.id, demoKey: u.demoKey }).from(u).where(inArray(u.demoKey, ['resident:demo', 'volunteer:demo']));
  const notes: NewNotification[] = [];
  const resident = people.find((p) => p.demoKey === 'resident:demo');
  if (resident) {
    const f = schema.feedbackItems;
    const items = await db.select().from(f).where(eq(f.reporterId, resident.id));
    for (const item of items) {
      const replies = await db
        .select()
        .from(schema.feedbackReplies)
        .where(and(eq(schema.feedbackReplies.feedbackId, item.id), ne(schema.feedbackReplies.authorRole, 'reporter')));
      for (const r of replies) {
        notes.push({
          userId: resident.id,
          kind: 'feedback_replied',
          title: '您反映的问题有了回复',
          body: `${item.code}「${item.title}」：${r.body.slice(0, 40)}`,
          page: deepLink(PAGES.feedback.detail, { id: item.id }),
          dedupeKey: `seed:feedback_replied:${r.id}`,
        });
      }
      if (item.resolvedAt && item.result) {
        notes.push({
          userId: resident.id,
          kind: 'feedback_resolved',
          title: '您反映的问题已办结',
          body: `${item.code}「${item.title}」：${sentence(item.result.slice(0, 40))}请为办理结果评价。`,
          page: deepLink(PAGES.feedback.detail, { id: item.id }),
          dedupeKey: `seed:feedback_resolved:${item.id}`,
        });
      }
    }
    const r = schema.serviceRequests;
    const orders = await db
      .select({ o: r, title: schema.handbookEntries.title })
      .from(r)
      .innerJoin(schema.handbookEntries, eq(schema.handbookEntries.id, r.serviceId))
      .where(and(eq(r.ownerId, resident.id), inArray(r.status, ['dispatched', 'accepted', 'in_progress', 'completed', 'closed'])));
    for (const { o, title } of orders) {
      const done = o.status === 'completed' || o.status === 'closed';
      notes.push({
        userId: resident.id,
        kind: done ? 'order_completed' : o.status === 'dispatched' ? 'order_dispatched' : 'order_accepted',
        title: done ? '服务已完成' : o.status === 'dispatched' ? '您的订单已派单' : '志愿者已接单',
        body: done ? `${o.code}「${title}」已完成，请为服务打分。` : `${o.code}「${title}」已安排志愿者，稍后会与您联系。`,
        page: deepLink(PAGES.requests.detail, { id: o.id }),
        dedupeKey: `seed:order:${o.id}:${o.status}`,
      });
    }
  }
  // The feedback demo marks its overdue items as already flagged; tell the staff as the cron would have.
  const now = new Date();
  const f = schema.feedbackItems;
  const overdue = await db
    .select()
    .from(f)
    .where(and(inArray(f.status, ['submitted', 'in_progress']), lt(f.deadline, now), isNotNull(f.overdueNotifiedAt)));
  notes.push(...(await overdueNotesForStaff(db, overdue.map((item) => ({ ...item, deadline: toStreetIso(item.deadline!) })))));
  await enqueueNotifications(db, notes);
  await escalateOverdueFeedback(db, now);
  await sendShiftReminders(db, now);
  // Local mode has no WeChat: mark them as the delivery run would, so nothing waits for a sender.
  await db
    .update(schema.notifications)
    .set({ status: 'skipped', lastError: 'local mode: WeChat not configured' })
    .where(eq(schema.notifications.status, 'pending'));
}
