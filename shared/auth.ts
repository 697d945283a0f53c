import * as z from 'zod';

import { ROLES } from './roles';

export * from './roles';
export const RoleSchema = z.enum(ROLES);

export const VolunteerSummarySchema = z.object({
  /** pending until the community confirms the report (在职党员报到); only approved volunteers serve. */
  status: z.enum(['pending', 'approved', 'rejected']),
  realName: z.string(),
  isPartyMember: z.boolean(),
  workUnit: z.string().nullable(),
  skills: z.array(z.string()),
});

export const MeSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  displayName: z.string(),
  communityId: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  privacyConsentAt: z.string().nullable(),
  /** Set for staff scoped to one community; null for street staff who see every community. */
  staffCommunityId: z.string().nullable(),
  volunteer: VolunteerSummarySchema.nullable(),
});
export type Me = z.infer<typeof MeSchema>;

export const LoginBodySchema = z.object({ code: z.string().min(1).max(128) });
export const DemoLoginBodySchema = z.object({
  persona: RoleSchema,
  handle: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/, '只能使用字母、数字、下划线或短横线，最多 32 个字符')
    .optional(),
});
export const LoginResponseSchema = z.object({ token: z.string(), user: MeSchema });

export const UpdateMeBodySchema = z
  .object({
    displayName: z.string().trim().min(1).max(32),
    communityId: z.uuid().nullable(),
    phone: z
      .string()
      .regex(/^1\d{10}$/, '请输入 11 位手机号')
      .nullable(),
  })
  .partial();

export const PrivacyConsentBodySchema = z.object({ version: z.string().min(1).max(32) });
