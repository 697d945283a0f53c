import * as z from 'zod';

export const GridSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Null until the community assigns a 网格员 (see GET /api/communities/:id/grids). */
  workerName: z.string().nullable(),
  /** A work phone published for residents to call. */
  workerPhone: z.string().nullable(),
});

export const CommunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  hotline: z.string(),
  grids: z.array(GridSchema),
});
export type Community = z.infer<typeof CommunitySchema>;
export const CommunityListSchema = z.object({ items: z.array(CommunitySchema) });
