import { and, eq, isNull, sql } from 'drizzle-orm';
import { verifySession } from '../auth/tokens';
import { schema } from '../db';
import { reusable } from '../db/reuse';
import { unauthorized } from '../errors';
import type { Runtime } from '../runtime';
import type { CurrentUser } from '../services/context';
import type { Req } from './types';

export async function loadCurrentUser(req: Req, runtime: Runtime): Promise<CurrentUser | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('登录信息无效，请重新登录', 'TOKEN_INVALID');
  const userId = await verifySession(match[1], runtime.config.sessionSecret, runtime.now());
  if (!userId) throw unauthorized('登录已过期，请重新登录', 'TOKEN_INVALID');
  // Read fresh on every request (the role is never cached); only the SQL text is built once.
  const u = schema.users;
  const [row] = await reusable(runtime.db, 'current-user', () =>
    runtime.db
      .select({ id: u.id, role: u.role, displayName: u.displayName, communityId: u.communityId, staffCommunityId: u.staffCommunityId, openid: u.openid })
      .from(u)
      .where(and(eq(u.id, sql.placeholder('id')), isNull(u.deletedAt)))
      .limit(1),
  ).execute({ id: userId });
  if (!row) throw unauthorized('账号不存在或已注销，请重新登录', 'TOKEN_INVALID');
  return row;
}
