import { and, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import { CANCEL_CUTOFF_MINUTES } from '../../../../shared/redpost';
import { schema, isUniqueViolation, type Tx } from '../../db';
import { conflict, invalidState, notFound } from '../../errors';
import type { Ctx } from '../context';
import { requireUser } from '../access';
import { assertApproved, volunteerProfileRequired } from '../volunteer-standing';
import { promoteWaitlisted } from './shifts';
import { ACTIVE_SIGNUP_STATUSES, SIGNUP_TRANSITIONS, maySignupStep, phaseOf } from './signup-state';
import { loadShiftView, shiftView, type ShiftRow, type SignupRow } from './views';

const sh = schema.shifts;
const su = schema.shiftSignups;

export const profileRequired = volunteerProfileRequired;

export async function lockShift(tx: Tx, id: string): Promise<ShiftRow> {
  const [row] = await tx.select().from(sh).where(eq(sh.id, id)).for('update');
  if (!row) throw notFound('找不到该班次，可能已被删除');
  return row;
}

/**
 * One place on a shift. The work is split so the section that every sign-up for a popular
 * shift queues on (the shift's row lock) is a single statement plus the commit: the checks
 * that concern only this volunteer run first, under the volunteer's own profile lock.
 */
export async function signUpForShift({ ctx, shiftId }: { ctx: Ctx; shiftId: string }) {
  const user = requireUser(ctx);
  const vp = schema.volunteerProfiles;
  try {
    return await ctx.db.transaction(async (tx) => {
      // The caller's profile (locked: serialises their own sign-ups for the overlap check),
      // the shift as it stands, and any earlier sign-up, in one round trip.
      const [pre] = await tx
        .select({ profile: vp.userId, status: vp.status, communityId: vp.communityId, rejectReason: vp.rejectReason, startsAt: sh.startsAt, endsAt: sh.endsAt, existing: su.status })
        .from(vp)
        .leftJoin(sh, eq(sh.id, shiftId))
        .leftJoin(su, and(eq(su.shiftId, sh.id), eq(su.userId, vp.userId)))
        .where(eq(vp.userId, user.id))
        .for('update', { of: vp });
      if (!pre) throw profileRequired();
      // Only a volunteer the community confirmed takes a place (issue 15: anyone could register and serve).
      assertApproved(pre);
      if (!pre.startsAt || !pre.endsAt) throw notFound('找不到该班次，可能已被删除');
      if (!maySignupStep('signUp', pre.existing)) {
        throw conflict('ALREADY_SIGNED_UP', pre.existing === 'waitlisted' ? '您已在该班次的候补名单中' : '您已报名该班次');
      }
      const [clash] = await tx
        .select({ title: sh.title })
        .from(su)
        .innerJoin(sh, eq(sh.id, su.shiftId))
        .where(
          and(
            eq(su.userId, user.id),
            inArray(su.status, [...ACTIVE_SIGNUP_STATUSES]),
            eq(sh.status, 'published'),
            ne(sh.id, shiftId),
            lt(sh.startsAt, pre.endsAt),
            gt(sh.endsAt, pre.startsAt),
          ),
        )
        .limit(1);
      if (clash) throw conflict('SHIFT_OVERLAP', `该时段您已报名“${clash.title}”，不能同时参加两个班次`);

      // The shift's row lock makes the capacity check, the arrival number and the counter
      // bump one step: concurrent sign-ups queue here and get places strictly in arrival order.
      const shift = await lockShift(tx, shiftId);
      if (shift.status !== 'published') throw invalidState('该班次已取消，不能报名');
      if (shift.startsAt <= ctx.now) throw conflict('SIGNUP_CLOSED', '该班次已经开始，报名已截止');
      if (shift.startsAt.getTime() !== pre.startsAt.getTime() || shift.endsAt.getTime() !== pre.endsAt.getTime()) {
        throw conflict('SHIFT_CHANGED', '班次时间刚刚调整，请刷新后再报名');
      }
      const [withPlace, withoutPlace] = SIGNUP_TRANSITIONS.signUp.to;
      const status = shift.confirmedCount < shift.capacity ? withPlace : withoutPlace;
      // Under the lock this statement sees every committed sign-up, so max(seq) + 1 is the arrival
      // number; the sign-up and the counter bump travel together to save a round trip.
      const reset = sql`checkin_at = null, checkout_at = null, attendance = 'pending', minutes = null, cancelled_at = null`;
      const result = (await tx.execute(sql`
        with saved as (
          insert into ${su} (shift_id, user_id, status, seq, attendance, created_at, updated_at)
          values (${shift.id}, ${user.id}, ${status},
                  (select coalesce(max(seq), 0) + 1 from ${su} where shift_id = ${shift.id}),
                  'pending', ${ctx.now}, ${ctx.now})
          on conflict (shift_id, user_id) do update
            set status = excluded.status, seq = excluded.seq, updated_at = excluded.updated_at, ${reset}
            where ${su}.status = ${SIGNUP_TRANSITIONS.signUp.from[1]}
          returning id, seq
        ), bumped as (
          update ${sh}
             set confirmed_count = confirmed_count + ${status === 'confirmed' ? 1 : 0},
                 waitlist_count = waitlist_count + ${status === 'waitlisted' ? 1 : 0}
           where id = ${shift.id} and exists (select 1 from saved)
        )
        select id, seq from saved`)) as unknown as { rows: { id: string; seq: number }[] };
      const [saved] = result.rows;
      if (!saved) throw conflict('ALREADY_SIGNED_UP', '您已报名该班次');
      const seq = Number(saved.seq);
      // The counts are exact under the lock, so the answer needs no further reads.
      const after: ShiftRow = {
        ...shift,
        confirmedCount: shift.confirmedCount + (status === 'confirmed' ? 1 : 0),
        waitlistCount: shift.waitlistCount + (status === 'waitlisted' ? 1 : 0),
      };
      const position = status === 'waitlisted' ? shift.waitlistCount + 1 : null;
      const mine = {
        id: saved.id, shiftId: shift.id, userId: user.id, status, seq, checkinAt: null, checkoutAt: null,
        attendance: 'pending', minutes: null, cancelledAt: null, createdAt: ctx.now, updatedAt: ctx.now,
      } satisfies SignupRow;
      return { shiftId: shift.id, status, seq, waitlistPosition: position, shift: shiftView(after, mine, position, ctx.now) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('ALREADY_SIGNED_UP', '您已报名该班次');
    throw err;
  }
}

export async function cancelSignup({ ctx, shiftId }: { ctx: Ctx; shiftId: string }) {
  const user = requireUser(ctx);
  return ctx.db.transaction(async (tx) => {
    const shift = await lockShift(tx, shiftId);
    const [mine] = await tx
      .select()
      .from(su)
      .where(and(eq(su.shiftId, shift.id), eq(su.userId, user.id)))
      .limit(1);
    if (!mine || !maySignupStep('cancel', mine.status, 'not_checked_in')) throw conflict('NOT_SIGNED_UP', '您没有报名该班次');
    if (shift.status !== 'published') throw invalidState('该班次已取消，无需再取消报名');
    if (!maySignupStep('cancel', mine.status, phaseOf(mine))) throw invalidState('您已签到，不能取消报名');
    if (mine.status === 'confirmed') {
      // The cut-off gives staff time to fill the place; leaving a waitlist harms no one.
      const cutoff = shift.startsAt.getTime() - CANCEL_CUTOFF_MINUTES * 60_000;
      if (ctx.now.getTime() >= cutoff) {
        throw conflict('SIGNUP_CLOSED', `开始前 ${CANCEL_CUTOFF_MINUTES / 60} 小时内不能取消报名，如有急事请联系社区工作人员`);
      }
    } else if (shift.startsAt <= ctx.now) {
      throw conflict('SIGNUP_CLOSED', '该班次已经开始');
    }
    await tx.update(su).set({ status: SIGNUP_TRANSITIONS.cancel.to[0], cancelledAt: ctx.now, updatedAt: ctx.now }).where(eq(su.id, mine.id));
    let promoted: string[] = [];
    if (mine.status === 'confirmed') {
      const [after] = await tx
        .update(sh)
        .set({ confirmedCount: sql`${sh.confirmedCount} - 1`, updatedAt: ctx.now })
        .where(eq(sh.id, shift.id))
        .returning();
      promoted = await promoteWaitlisted(tx, after, after.capacity - after.confirmedCount, ctx.now);
    } else {
      await tx
        .update(sh)
        .set({ waitlistCount: sql`${sh.waitlistCount} - 1`, updatedAt: ctx.now })
        .where(eq(sh.id, shift.id));
    }
    return {
      shiftId: shift.id,
      status: SIGNUP_TRANSITIONS.cancel.to[0],
      promotedUserId: promoted[0] ?? null,
      shift: await loadShiftView(tx, shift.id, user.id, ctx.now),
    };
  });
}
