import * as z from 'zod';

/**
 * Everything held about the caller (PIPL right of access). Sections are loose records:
 * the export is for reading and keeping, and grows with the product.
 */
const Rec = z.record(z.string(), z.unknown());
export const DataExportSchema = z.object({
  exportedAt: z.string(),
  profile: Rec,
  consents: z.object({ privacyConsentAt: z.string().nullable(), privacyConsentVersion: z.string().nullable() }),
  card: Rec.nullable(),
  cardScans: z.array(Rec),
  orders: z.array(Rec),
  /** Orders the caller (staff) placed for someone else: only that they did, none of that person's data. */
  ordersPlacedForOthers: z.array(Rec),
  feedback: z.array(Rec),
  /** 举报 the caller made on public items. */
  feedbackReports: z.array(Rec),
  volunteer: z.object({
    profile: Rec.nullable(),
    signups: z.array(Rec),
    hours: z.array(Rec),
    stars: z.array(Rec),
  }),
  notifications: z.array(Rec),
  subscriptions: z.array(Rec),
  /** Photos the caller uploaded: where each is used, with a short-lived link to it. */
  photos: z.array(Rec),
  /** Items the caller said 我也遇到 on. */
  supports: z.array(Rec),
  /** Grids the caller (staff) is the 网格员 of, with the name and work phone published on them. */
  gridsAsWorker: z.array(Rec),
});
export type DataExport = z.infer<typeof DataExportSchema>;

export const DeleteAccountResultSchema = z.object({ deleted: z.literal(true), deletedAt: z.string() });
