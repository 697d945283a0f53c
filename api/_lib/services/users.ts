import { and, eq, isNull } from 'drizzle-orm';
import type { Me, Role } from '../../../shared/auth';
import { toStreetIso } from '../../../shared/time';
import { signSession } from '../auth/tokens';
import { schema, type DbOrTx } from '../db';
import { invalidField, notFound, unauthorized } from '../errors';
import type { Ctx } from './context';
import type { Runtime } from '../runtime';
import { maskPhone } from './privacy';

const DEMO_NAMES: Record<Role, string> = {
  resident: '王秀英',
  volunteer: '李建国',
  staff: '张丽华',
  admin: '陈志远',
};

export async function loadMe(db: DbOrTx, userId: string): Promise<Me> {
  const [row] = await db
    .select({ user: schema.users, volunteer: schema.volunteerProfiles })
    .from(schema.users)
    .leftJoin(schema.volunteerProfiles, eq(schema.volunteerProfiles.userId, schema.users.id))
    .where(and(eq(schema.users.id, userId), isNull(schema.users.deletedAt)))
    .limit(1);
  if (!row) throw notFound('账号不存在');
  const { user, volunteer } = row;
  return {
    id: user.id,
    role: user.role,
    displayName: user.displayName,
    communityId: user.communityId,
    phoneMasked: maskPhone(user.phone),
    privacyConsentAt: user.privacyConsentAt ? toStreetIso(user.privacyConsentAt) : null,
    staffCommunityId: user.staffCommunityId,
    volunteer: volunteer
      ? {
          status: volunteer.status,
          realName: volunteer.realName,
          isPartyMember: volunteer.isPartyMember,
          workUnit: volunteer.workUnit,
          skills: volunteer.skills,
        }
      : null,
  };
}

async function issueSession(runtime: Runtime, userId: string) {
  const token = await signSession(userId, runtime.config.sessionSecret, runtime.config.sessionTtlSeconds, runtime.now());
  return { token, user: await loadMe(runtime.db, userId) };
}

export async function loginWithWechat({ ctx, input }: { ctx: Ctx; input: { code: string } }) {
  const wechat = ctx.runtime.wechat;
  if (!wechat) throw notFound('当前环境未配置微信登录', 'WECHAT_NOT_CONFIGURED');
  const { openid } = await wechat.codeToSession(input.code);
  const u = schema.users;
  await ctx.db
    .insert(u)
    .values({ openid, displayName: '石楠居民', role: 'resident' })
    .onConflictDoNothing({ target: u.openid });
  const [row] = await ctx.db.select({ id: u.id, deletedAt: u.deletedAt }).from(u).where(eq(u.openid, openid)).limit(1);
  if (!row || row.deletedAt) throw unauthorized('该账号已注销', 'ACCOUNT_DELETED');
  return issueSession(ctx.runtime, row.id);
}

async function firstCommunity(db: DbOrTx) {
  const [c] = await db
    .select({ id: schema.communities.id })
    .from(schema.communities)
    .orderBy(schema.communities.sortOrder, schema.communities.name)
    .limit(1);
  if (!c) return { communityId: null, gridId: null };
  const [g] = await db
    .select({ id: schema.grids.id })
    .from(schema.grids)
    .where(eq(schema.grids.communityId, c.id))
    .orderBy(schema.grids.sortOrder)
    .limit(1);
  return { communityId: c.id, gridId: g?.id ?? null };
}

/**
 * Demo personas (config.demoLogin: the embedded database, or DEMO_LOGIN=1 outside production):
 * each (persona, handle) pair is its own demo user, created on first use.
 */
export async function demoLogin({ ctx, input }: { ctx: Ctx; input: { persona: Role; handle?: string } }) {
  // 404 as for any unknown route: with real data an open "log in as admin" must not even be advertised.
  if (!ctx.runtime.config.demoLogin) throw notFound('请求的接口不存在', 'ROUTE_NOT_FOUND');
  const handle = input.handle ?? 'demo';
  const demoKey = `${input.persona}:${handle}`;
  const u = schema.users;
  const userId = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: u.id }).from(u).where(and(eq(u.demoKey, demoKey), isNull(u.deletedAt))).limit(1);
    if (existing) return existing.id;
    const place = await firstCommunity(tx);
    const displayName = handle === 'demo' ? DEMO_NAMES[input.persona] : `${DEMO_NAMES[input.persona].slice(0, 1)}${handle}`;
    const [created] = await tx
      .insert(u)
      .values({
        demoKey,
        role: input.persona,
        displayName,
        phone: `1390000${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`,
        communityId: place.communityId,
        gridId: place.gridId,
      })
      .onConflictDoNothing({ target: u.demoKey })
      .returning({ id: u.id });
    if (!created) {
      const [again] = await tx.select({ id: u.id }).from(u).where(eq(u.demoKey, demoKey)).limit(1);
      return again.id;
    }
    if (input.persona === 'volunteer') {
      // The volunteer persona stands for someone the community already confirmed.
      await tx.insert(schema.volunteerProfiles).values({
        userId: created.id,
        status: 'approved',
        communityId: place.communityId,
        reviewedAt: ctx.now,
        realName: displayName,
        isPartyMember: true,
        workUnit: '石楠街道社区卫生服务中心',
        skills: ['助老服务', '政策宣传'],
      });
    }
    return created.id;
  });
  return issueSession(ctx.runtime, userId);
}

export async function getMe({ ctx }: { ctx: Ctx }) {
  return loadMe(ctx.db, ctx.user!.id);
}

export async function updateMe({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { displayName?: string; communityId?: string | null; phone?: string | null };
}) {
  const patch: Partial<typeof schema.users.$inferInsert> = { updatedAt: ctx.now };
  if (input.displayName !== undefined) patch.displayName = input.displayName;
  if (input.phone !== undefined) patch.phone = input.phone;
  if (input.communityId !== undefined) {
    if (input.communityId !== null) {
      const [c] = await ctx.db
        .select({ id: schema.communities.id })
        .from(schema.communities)
        .where(eq(schema.communities.id, input.communityId))
        .limit(1);
      if (!c) throw invalidField('communityId', '所选社区不存在');
    }
    patch.communityId = input.communityId;
    patch.gridId = null;
  }
  await ctx.db.update(schema.users).set(patch).where(eq(schema.users.id, ctx.user!.id));
  return loadMe(ctx.db, ctx.user!.id);
}

export async function recordPrivacyConsent({ ctx, input }: { ctx: Ctx; input: { version: string } }) {
  await ctx.db
    .update(schema.users)
    .set({ privacyConsentAt: ctx.now, privacyConsentVersion: input.version, updatedAt: ctx.now })
    .where(eq(schema.users.id, ctx.user!.id));
  return loadMe(ctx.db, ctx.user!.id);
}
