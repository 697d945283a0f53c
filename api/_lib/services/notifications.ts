import type { MessageKind } from '../../../shared/notifications';
import { schema, type DbOrTx } from '../db';

/** Kinds of subscribe message (`MESSAGE_KINDS` in shared/notifications.ts); each maps to a WeChat template id from configuration. */
export type NotificationKind = MessageKind;

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Mini-program page to open, e.g. `packages/requests/pages/detail/index?id=…`. */
  page?: string;
  data?: Record<string, string>;
  /** Same key → one notification, however often the cause is replayed. */
  dedupeKey: string;
}

/**
 * Writes notifications to the outbox inside the caller's transaction, so a change and
 * its notice commit together. Delivery (WeChat subscribe messages) is the cron's and
 * the after-response hook's job; the message centre reads the same rows.
 */
export async function enqueueNotifications(db: DbOrTx, items: NewNotification[], now = new Date()): Promise<number> {
  if (!items.length) return 0;
  const inserted = await db
    .insert(schema.notifications)
    .values(
      items.map((n) => ({
        userId: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        page: n.page ?? null,
        data: n.data ?? {},
        dedupeKey: n.dedupeKey,
        createdAt: now,
        nextAttemptAt: now,
      })),
    )
    .onConflictDoNothing({ target: schema.notifications.dedupeKey })
    .returning({ id: schema.notifications.id });
  // How many were new (a replayed cause inserts none), for the cron's summary.
  return inserted.length;
}
