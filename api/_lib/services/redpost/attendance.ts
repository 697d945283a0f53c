import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  CHECKIN_OPENS_MINUTES,
  CHECKOUT_GRACE_MINUTES,
  CODE_PERIOD_SECONDS,
  LATE_AFTER_MINUTES,
  parseCheckinText,
  qrTextFor,
  type CheckinCode,
  type Roster,
} from '../../../../shared/redpost';
import { streetYear, toStreetIso } from '../../../../shared/time';
import { derivedKey } from '../../auth/keys';
import { schema, type Tx } from '../../db';
import { ServiceError, conflict, invalidField, invalidState, notFound } from '../../errors';
import type { Ctx } from '../context';
import { requireStaff, requireUser, staffMaySee } from '../access';
import { writeAudit } from '../audit';
import { lockShiftForStaff } from './shifts';
import { lockShift, profileRequired } from './signups';
import { ACTIVE_SIGNUP_STATUSES, ATTENDANCE_TRANSITIONS, mayAttendanceStep, phaseOf } from './signup-state';
import { loadShiftView, type ShiftRow, type SignupRow } from './views';

const sh = schema.shifts;
const su = schema.shiftSignups;

const periodOf = (now: Date) => Math.floor(now.getTime() / 1000 / CODE_PERIOD_SECONDS);

/**
 * The rotating check-in code: HMAC of the shift and the minute, so it needs no storage,
 * cannot be guessed from earlier codes, and a photo of it is useless two minutes later.
 */
export function codeFor(secret: string, shiftId: string, period: number): string {
  // Its own key: whoever holds the session-token key cannot mint check-in codes, nor the reverse.
  const mac = createHmac('sha256', derivedKey(secret, 'redpost-checkin')).update(`redpost-checkin:${shiftId}:${period}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const codeError = (code: 'CODE_INVALID' | 'CODE_EXPIRED', detail: string) =>
  new ServiceError(400, code, detail, [{ path: 'code', message: detail }]);

/** Accepts the current and the previous period's code (a volunteer may scan at :59 and send at :01). */
function verifyCode(ctx: Ctx, shiftId: string, text: string) {
  const parsed = parseCheckinText(text);
  if (!parsed) throw codeError('CODE_INVALID', '签到码应为 6 位数字，请重新扫码或输入');
  if (parsed.shiftId && parsed.shiftId !== shiftId) throw codeError('CODE_INVALID', '这是另一个班次的签到码，请核对后再扫');
  const secret = ctx.runtime.config.sessionSecret;
  const p = periodOf(ctx.now);
  if (sameCode(parsed.digits, codeFor(secret, shiftId, p)) || sameCode(parsed.digits, codeFor(secret, shiftId, p - 1))) return;
  // An older code is named as such, so a slow volunteer knows to scan again.
  for (let back = 2; back <= 30; back++) {
    if (sameCode(parsed.digits, codeFor(secret, shiftId, p - back))) {
      throw codeError('CODE_EXPIRED', '签到码已过期，请扫描工作人员手机上最新的签到码');
    }
  }
  throw codeError('CODE_INVALID', '签到码不正确，请扫描工作人员手机上最新的签到码');
}

export async function getCheckinCode({ ctx, shiftId }: { ctx: Ctx; shiftId: string }): Promise<CheckinCode> {
  const user = requireStaff(ctx);
  const [row] = await ctx.db.select().from(sh).where(eq(sh.id, shiftId)).limit(1);
  if (!row || !staffMaySee(user, row.communityId)) throw notFound('找不到该班次，可能已被删除');
  if (row.status !== 'published') throw invalidState('该班次已取消');
  const p = periodOf(ctx.now);
  const code = codeFor(ctx.runtime.config.sessionSecret, row.id, p);
  return {
    shiftId: row.id,
    code,
    qrText: qrTextFor(row.id, code),
    rotatesAt: toStreetIso(new Date((p + 1) * CODE_PERIOD_SECONDS * 1000)),
    expiresAt: toStreetIso(new Date((p + 2) * CODE_PERIOD_SECONDS * 1000)),
    periodSeconds: CODE_PERIOD_SECONDS,
  };
}

const shiftMinutes = (shift: ShiftRow) => Math.round((shift.endsAt.getTime() - shift.startsAt.getTime()) / 60_000);

/**
 * Time on post inside the shift's window: arriving early counts from the start, leaving
 * late counts to the end, so only the part of the shift actually covered earns hours.
 */
const servedMinutes = (shift: ShiftRow, from: Date, to: Date) => {
  const begin = Math.max(from.getTime(), shift.startsAt.getTime());
  const end = Math.min(to.getTime(), shift.endsAt.getTime());
  return Math.max(0, Math.floor((end - begin) / 60_000));
};

/** One 志愿服务记录 row per shift and volunteer; none when no time was served. */
async function recordShiftHours(tx: Tx, shift: ShiftRow, userId: string, minutes: number, now: Date) {
  const h = schema.volunteerHours;
  if (minutes <= 0) {
    await tx.delete(h).where(and(eq(h.userId, userId), eq(h.sourceType, 'shift'), eq(h.sourceId, shift.id)));
    return;
  }
  await tx
    .insert(h)
    .values({
      userId,
      sourceType: 'shift',
      sourceId: shift.id,
      minutes,
      servedAt: shift.startsAt,
      year: streetYear(shift.startsAt),
      note: shift.title,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({ target: [h.userId, h.sourceType, h.sourceId], set: { minutes, updatedAt: now } });
}

async function lockMySignup(tx: Tx, ctx: Ctx, shiftId: string): Promise<{ shift: ShiftRow; mine: SignupRow }> {
  const user = requireUser(ctx);
  const shift = await lockShift(tx, shiftId);
  const [mine] = await tx
    .select()
    .from(su)
    .where(and(eq(su.shiftId, shift.id), eq(su.userId, user.id)))
    .for('update');
  if (!mine || mine.status === 'cancelled') {
    const [p] = await tx.select({ id: schema.volunteerProfiles.userId }).from(schema.volunteerProfiles).where(eq(schema.volunteerProfiles.userId, user.id));
    if (!p) throw profileRequired();
    throw conflict('NOT_SIGNED_UP', '您没有报名该班次');
  }
  if (shift.status !== 'published') throw invalidState('该班次已取消');
  if (!(ATTENDANCE_TRANSITIONS.checkIn.signup as readonly string[]).includes(mine.status)) {
    throw conflict('NOT_CONFIRMED', '您还在候补名单中，轮到您后才能签到');
  }
  return { shift, mine };
}

function attendanceResult(shiftId: string, row: SignupRow) {
  return {
    shiftId,
    userId: row.userId,
    attendance: row.attendance,
    checkinAt: row.checkinAt ? toStreetIso(row.checkinAt) : null,
    checkoutAt: row.checkoutAt ? toStreetIso(row.checkoutAt) : null,
    minutes: row.minutes,
  };
}

export async function checkIn({ ctx, shiftId, code }: { ctx: Ctx; shiftId: string; code: string }) {
  return ctx.db.transaction(async (tx) => {
    const { shift, mine } = await lockMySignup(tx, ctx, shiftId);
    verifyCode(ctx, shift.id, code);
    if (!mayAttendanceStep('checkIn', mine.status, phaseOf(mine))) throw conflict('ALREADY_CHECKED_IN', '您已经签到过了');
    const opens = shift.startsAt.getTime() - CHECKIN_OPENS_MINUTES * 60_000;
    if (ctx.now.getTime() < opens) throw conflict('CHECKIN_NOT_OPEN', `开始前 ${CHECKIN_OPENS_MINUTES} 分钟才能签到，请稍后再扫`);
    if (ctx.now >= shift.endsAt) throw conflict('CHECKIN_CLOSED', '该班次已经结束，不能再签到，请联系工作人员补录');
    const late = ctx.now.getTime() > shift.startsAt.getTime() + LATE_AFTER_MINUTES * 60_000;
    const [row] = await tx
      .update(su)
      .set({ checkinAt: ctx.now, attendance: late ? 'late' : 'present', updatedAt: ctx.now })
      .where(eq(su.id, mine.id))
      .returning();
    return attendanceResult(shift.id, row);
  });
}

export async function checkOut({ ctx, shiftId, code }: { ctx: Ctx; shiftId: string; code: string }) {
  return ctx.db.transaction(async (tx) => {
    const { shift, mine } = await lockMySignup(tx, ctx, shiftId);
    verifyCode(ctx, shift.id, code);
    const phase = phaseOf(mine);
    if (!mayAttendanceStep('checkOut', mine.status, phase) || !mine.checkinAt) {
      throw phase === 'checked_out' ? conflict('ALREADY_CHECKED_OUT', '您已经签退过了') : conflict('NOT_CHECKED_IN', '您还没有签到，请先签到');
    }
    if (ctx.now.getTime() > shift.endsAt.getTime() + CHECKOUT_GRACE_MINUTES * 60_000) {
      throw conflict('CHECKOUT_CLOSED', '签退时间已过，请联系工作人员补录服务时长');
    }
    const minutes = servedMinutes(shift, mine.checkinAt, ctx.now);
    const [row] = await tx
      .update(su)
      .set({ checkoutAt: ctx.now, minutes, updatedAt: ctx.now })
      .where(eq(su.id, mine.id))
      .returning();
    await recordShiftHours(tx, shift, mine.userId, minutes, ctx.now);
    return attendanceResult(shift.id, row);
  });
}

export async function getRoster({ ctx, shiftId }: { ctx: Ctx; shiftId: string }): Promise<Roster> {
  const user = requireStaff(ctx);
  const [row] = await ctx.db.select().from(sh).where(eq(sh.id, shiftId)).limit(1);
  if (!row || !staffMaySee(user, row.communityId)) throw notFound('找不到该班次，可能已被删除');
  const vp = schema.volunteerProfiles;
  const u = schema.users;
  const rows = await ctx.db
    .select({ s: su, realName: vp.realName, isPartyMember: vp.isPartyMember, workUnit: vp.workUnit, vphone: vp.phone, displayName: u.displayName, uphone: u.phone })
    .from(su)
    .innerJoin(u, eq(u.id, su.userId))
    .leftJoin(vp, eq(vp.userId, su.userId))
    .where(and(eq(su.shiftId, row.id), inArray(su.status, [...ACTIVE_SIGNUP_STATUSES])))
    .orderBy(sql`case when ${su.status} = 'confirmed' then 0 else 1 end`, asc(su.seq));
  return {
    shift: await loadShiftView(ctx.db, row.id, user.id, ctx.now),
    items: rows.map((r) => ({
      signupId: r.s.id,
      userId: r.s.userId,
      realName: r.realName ?? r.displayName,
      displayName: r.displayName,
      isPartyMember: r.isPartyMember ?? false,
      workUnit: r.workUnit ?? null,
      phone: r.vphone ?? r.uphone ?? null,
      status: r.s.status,
      seq: r.s.seq,
      attendance: r.s.attendance,
      checkinAt: r.s.checkinAt ? toStreetIso(r.s.checkinAt) : null,
      checkoutAt: r.s.checkoutAt ? toStreetIso(r.s.checkoutAt) : null,
      minutes: r.s.minutes,
    })),
  };
}

export async function correctAttendance({
  ctx,
  shiftId,
  input,
}: {
  ctx: Ctx;
  shiftId: string;
  input: { userId: string; attendance: 'present' | 'late' | 'no_show'; minutes?: number; note?: string };
}) {
  return ctx.db.transaction(async (tx) => {
    const shift = await lockShiftForStaff(tx, ctx, shiftId);
    if (shift.status !== 'published') throw invalidState('该班次已取消');
    if (ctx.now.getTime() < shift.startsAt.getTime() - CHECKIN_OPENS_MINUTES * 60_000) {
      throw invalidState('班次还没有开始，开始后才能登记到岗情况');
    }
    const [signup] = await tx
      .select()
      .from(su)
      .where(and(eq(su.shiftId, shift.id), eq(su.userId, input.userId)))
      .for('update');
    if (!signup) throw notFound('该志愿者没有报名这个班次');
    if (!mayAttendanceStep('correct', signup.status, phaseOf(signup))) throw invalidState('只能为报名成功的志愿者登记到岗情况');
    const length = shiftMinutes(shift);
    if (input.minutes !== undefined && input.minutes > length) {
      throw invalidField('minutes', `服务时长不能超过班次时长 ${length} 分钟`);
    }
    if (input.attendance === 'no_show' && input.minutes) throw invalidField('minutes', '缺勤时服务时长应为 0');
    // Without manual minutes a present volunteer keeps the scanned time, or the whole shift when never scanned out.
    const scanned =
      signup.checkinAt && signup.checkoutAt ? servedMinutes(shift, signup.checkinAt, signup.checkoutAt) : length;
    const minutes = input.attendance === 'no_show' ? 0 : (input.minutes ?? scanned);
    const [row] = await tx
      .update(su)
      .set({ attendance: input.attendance, minutes, updatedAt: ctx.now })
      .where(eq(su.id, signup.id))
      .returning();
    await recordShiftHours(tx, shift, signup.userId, minutes, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'shift.attendance_corrected',
      targetType: 'shift',
      targetId: shift.id,
      subjectUserId: signup.userId,
      detail: {
        before: { attendance: signup.attendance, minutes: signup.minutes },
        after: { attendance: input.attendance, minutes },
        note: input.note ?? null,
      },
    });
    return attendanceResult(shift.id, row);
  });
}
