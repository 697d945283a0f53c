import type { TestApp } from './app';

const DEFAULT_PROFILE = { realName: '李建国', isPartyMember: true, workUnit: '石楠街道社区卫生服务中心', skills: ['助老服务'] };

/**
 * 在职党员报到 then the community's confirmation: what a volunteer who may take orders and shifts
 * went through. Registration alone leaves the profile pending (issue 15).
 */
export async function registerApprovedVolunteer(app: TestApp, token: string, profile: Record<string, unknown> = {}) {
  const reg = await app.post('/api/volunteers/me', { ...DEFAULT_PROFILE, ...profile }, token);
  if (reg.status !== 201 && reg.status !== 200) throw new Error(`volunteer registration failed: ${reg.status} ${reg.text}`);
  if (reg.body.status === 'approved') return reg;
  const { token: admin } = await app.login('admin', 'volunteer-approver');
  const ok = await app.post(`/api/volunteers/${reg.body.userId}/approve`, {}, admin);
  if (ok.status !== 200) throw new Error(`volunteer approval failed: ${ok.status} ${ok.text}`);
  return reg;
}
