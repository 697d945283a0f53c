import { schema, type DbOrTx } from '../db';
import type { Ctx } from './context';

/** One row per staff action (and per card scan), written in the same transaction as the action. */
export async function writeAudit(
  db: DbOrTx,
  ctx: Ctx,
  entry: { action: string; targetType: string; targetId?: string | null; subjectUserId?: string | null; detail?: Record<string, unknown> },
) {
  await db.insert(schema.auditLog).values({
    actorId: ctx.user?.id ?? null,
    actorRole: ctx.user?.role ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    subjectUserId: entry.subjectUserId ?? null,
    detail: entry.detail ?? {},
    requestId: ctx.requestId,
    createdAt: ctx.now,
  });
}
