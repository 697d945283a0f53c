/**
 * Zod-free constants of the auth contract. The mini-program's main package imports these
 * (not shared/auth.ts) so zod stays out of it: WeChat caps the main package at 2 MB and
 * our size check at 1 MB.
 */
export const ROLES = ['resident', 'volunteer', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  resident: '居民',
  volunteer: '红岗志愿者',
  staff: '工作人员',
  admin: '管理员',
};

/** Bump when the privacy notice text changes: users are asked to consent again. */
export const PRIVACY_POLICY_VERSION = '2026-12-03.2';
