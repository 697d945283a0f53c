import * as z from 'zod';

const Count = z.number().int();
export const TickSummarySchema = z.object({
  ranAt: z.string(),
  reminders: z.object({ shifts: Count, notifications: Count }),
  overdue: z.object({ items: Count, notifications: Count }),
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
