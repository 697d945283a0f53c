import * as z from 'zod';

const Count = z.number().int();
export const TickSummarySchema = z.object({
  ranAt: z.string(),
  reminders: z.object({ shifts: Count, notifications: Count }),
  overdue: z.object({ items: Count, notifications: Count }),
  /** Residents asked once to rate an order or a 办结 still unrated a day later. */
  rateReminders: z.object({ orders: Count, feedback: Count, notifications: Count }),
  closedUnrated: Count,
  idempotencyKeysPruned: Count,
  /** Photos uploaded but never attached to anything within a day. */
  staleUploadsDeleted: Count,
  delivery: z.object({
    claimed: Count,
    sent: Count,
    skipped: Count,
    refused: Count,
    retried: Count,
    failed: Count,
    interrupted: Count,
  }),
  ms: z.number(),
});
