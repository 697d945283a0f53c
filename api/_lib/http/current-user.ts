import { and, eq, isNull } from 'drizzle-orm';
import { verifySession } from '../auth/tokens';
import { schema } from '../db';
import { unauthorized } from '../errors';
import type { Runtime } from '../runtime';
import type { CurrentUser, Req } from './types';

export async function loadCurrentUser(req: Req, runtime: Runtime): Promise<CurrentUser | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('登录信息无效，请重新登录', 'TOKEN_INVALID');
  const userId = await verifySession(match[1], runtime.config.sessionSecret, runtime.now());
  if (!userId) throw unauthorized('登录已过期，请重新登录', 'TOKEN_INVALID');
  const [row] = await runtime.db
    .select({
      id: schema.users.id,
      role: schema.users.role,
      displayName: schema.users.displayName,
      communityId: schema.users.communityId,
      staffCommunityId: schema.users.staffCommunityId,
      openid: schema.users.openid,
    })
    .from(schema.users)
    .where(and(eq(schema.users.id, userId), isNull(schema.users.deletedAt)))
    .limit(1);
  if (!row) throw unauthorized('账号不存在或已注销，请重新登录', 'TOKEN_INVALID');
  return row;
}
