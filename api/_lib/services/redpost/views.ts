import { and, count, eq, inArray, lt } from 'drizzle-orm';
import { CANCEL_CUTOFF_MINUTES, POST_TYPE_INFO, type PostType, type Shift } from '../../../../shared/redpost';
import { toStreetIso } from '../../../../shared/time';
import { schema, type DbOrTx } from '../../db';
import { notFound } from '../../errors';
import { maySignupStep, phaseOf } from './signup-state';

export type ShiftRow = typeof schema.shifts.$inferSelect;
export type SignupRow = typeof schema.shiftSignups.$inferSelect;

const isoOrNull = (d: Date | null) => (d ? toStreetIso(d) : null);

export function shiftView(row: ShiftRow, mine: SignupRow | null, waitlistPosition: number | null, now: Date): Shift {
  const cutoff = row.startsAt.getTime() - CANCEL_CUTOFF_MINUTES * 60_000;
  const active = mine && mine.status !== 'cancelled' ? mine : null;
  return {
    id: row.id,
    postType: row.postType as PostType,
    postName: POST_TYPE_INFO[row.postType as PostType]?.name ?? row.postType,
    title: row.title,
    location: row.location,
    communityId: row.communityId,
    startsAt: toStreetIso(row.startsAt),
    endsAt: toStreetIso(row.endsAt),
    capacity: row.capacity,
    confirmedCount: row.confirmedCount,
    waitlistCount: row.waitlistCount,
    notes: row.notes,
    status: row.status,
    myStatus: mine ? mine.status : null,
    myWaitlistPosition: active?.status === 'waitlisted' ? waitlistPosition : null,
    myCheckinAt: isoOrNull(mine?.checkinAt ?? null),
    myCheckoutAt: isoOrNull(mine?.checkoutAt ?? null),
    myMinutes: mine?.minutes ?? null,
    canCancel:
      row.status === 'published' &&
      !!active &&
      maySignupStep('cancel', active.status, phaseOf(active)) &&
      (active.status === 'waitlisted' ? now < row.startsAt : now.getTime() < cutoff),
  };
}

/** 1-based place on the waitlist: everyone waitlisted who arrived earlier, plus one. */
export async function waitlistPosition(db: DbOrTx, signup: Pick<SignupRow, 'shiftId' | 'status' | 'seq'>): Promise<number | null> {
  if (signup.status !== 'waitlisted') return null;
  const s = schema.shiftSignups;
  const [r] = await db
    .select({ n: count() })
    .from(s)
    .where(and(eq(s.shiftId, signup.shiftId), eq(s.status, 'waitlisted'), lt(s.seq, signup.seq)));
  return Number(r.n) + 1;
}

/** Views for many shifts with the caller's own sign-up on each. */
export async function shiftViews(db: DbOrTx, rows: ShiftRow[], userId: string | null, now: Date): Promise<Shift[]> {
  const mine = new Map<string, SignupRow>();
  if (userId && rows.length) {
    const s = schema.shiftSignups;
    const signups = await db
      .select()
      .from(s)
      .where(and(eq(s.userId, userId), inArray(s.shiftId, rows.map((r) => r.id))));
    for (const su of signups) mine.set(su.shiftId, su);
  }
  const out: Shift[] = [];
  for (const row of rows) {
    const su = mine.get(row.id) ?? null;
    out.push(shiftView(row, su, su ? await waitlistPosition(db, su) : null, now));
  }
  return out;
}

export async function loadShiftView(db: DbOrTx, shiftId: string, userId: string | null, now: Date): Promise<Shift> {
  const [row] = await db.select().from(schema.shifts).where(eq(schema.shifts.id, shiftId)).limit(1);
  if (!row) throw notFound('找不到该班次，可能已被删除');
  return (await shiftViews(db, [row], userId, now))[0];
}


