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
  /** The actor's display name now (已注销用户 after deletion), for reading the log at a glance. */
  actorName: z.string().nullable().optional(),
  subjectUserId: z.string().nullable().optional(),
});
export const AuditQuerySchema = PageQuerySchema.extend({
  action: z.string().max(64).optional(),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  /** Whose data the action touched (e.g. the owner of a scanned card). */
  subjectUserId: z.uuid().optional(),
  /** ISO 8601 bounds on the time of the action: from inclusive, to exclusive. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
