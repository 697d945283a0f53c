import { getSession } from '../../lib/session';
import { API_ORIGIN, api } from '../../api/client';
import { AdminUserSchema, AuditEntrySchema } from '../../../shared/admin';
import { MeSchema, type Role } from '../../../shared/auth';
import { pageSchema } from '../../../shared/problem';
import { StreetSettingsSchema, type StreetSettingsBody } from '../../../shared/settings';

const AdminUserPageSchema = pageSchema(AdminUserSchema);
const AuditPageSchema = pageSchema(AuditEntrySchema);

export interface AuditFilter {
  targetType?: string;
  action?: string;
  actorId?: string;
  /** ISO bounds, from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

const id = (v: string) => encodeURIComponent(v);

/** The admin's calls: users and roles, the street's settings, the audit log. */
export const adminApi = {
  users: (query: { q?: string; role?: Role; cursor?: string }) => api.get('/api/admin/users', AdminUserPageSchema, { silent: true, query: { limit: 30, ...query } }),
  grantRole: (userId: string, role: Role, staffCommunityId: string | null) =>
    api.post(`/api/admin/users/${id(userId)}/role`, { role, staffCommunityId }, MeSchema, { silent: true }),
  saveSettings: (body: StreetSettingsBody) => api.put('/api/settings', body, StreetSettingsSchema, { silent: true }),
  audit: (filter: AuditFilter, cursor?: string) => api.get('/api/admin/audit', AuditPageSchema, { silent: true, query: { limit: 30, cursor, ...filter } }),
  /** The CSV's address with the filter, and the header that authorises it (downloads carry no session otherwise). */
  auditExport: (filter: AuditFilter) => {
    const qs = Object.entries(filter)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
      .join('&');
    const token = getSession()?.token;
    const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    return { url: `${API_ORIGIN}/api/admin/audit/export${qs ? `?${qs}` : ''}`, header };
  },
};
