import type { z } from 'zod';
import type { PostListSchema, PostType, ShiftSchema } from '../../../shared/redpost';
import { api, typed } from '../../api/client';

type ShiftPage = { items: z.infer<typeof ShiftSchema>[]; nextCursor: string | null };

/** The tab's two reads, typed without zod: this page is in the main package. */
export const redpostTabApi = {
  posts: () => api.get('/api/redpost/posts', typed<z.infer<typeof PostListSchema>>(), { silent: true }),
  shifts: (q: { postType?: PostType; from?: string; to?: string }) =>
    api.get('/api/redpost/shifts', typed<ShiftPage>(), { query: { ...q, limit: 50 }, silent: true }),
};
