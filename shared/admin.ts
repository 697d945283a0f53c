import { z } from 'zod';
import { RoleSchema } from './auth';
import { PageQuerySchema } from './problem';

export const GrantRoleBodySchema = z.object({
  role: RoleSchema,
  /** For staff: the community they are limited to; null or absent means street staff. */
  staffCommunityId: z.uuid().nullable().optional(),
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
});
export const AuditQuerySchema = PageQuerySchema.extend({
  action: z.string().max(64).optional(),
  targetType: z.string().max(64).optional(),
});
