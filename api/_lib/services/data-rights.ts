import { and, asc, desc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { DataExport } from '../../../shared/data-rights';
import { CARD_LOOKED_UP, CARD_VIEW_ACTIONS } from '../../../shared/card';
import { toStreetIso } from '../../../shared/time';
import { schema, type Tx } from '../db';
import { notFound } from '../errors';
import type { Ctx } from './context';
import { requireUser } from './access';
import { writeAudit } from './audit';
import { assertAnotherAdmin } from './admin';
import { anonymiseFeedbackReporter } from './feedback/jobs';
import { reportsBy, unlinkReporterFromReports } from './feedback/reports';
import { promoteWaitlisted } from './redpost/shifts';
import { lockShift } from './redpost/signups';
import { ASSIGNEE_GONE, OPEN_ORDER_STATUSES } from './requests/state';
import { removeFiles, signedPhoto } from './uploads';

export const DELETED_DISPLAY_NAME = '已注销用户';
const iso = (d: Date | null | undefined) => (d ? toStreetIso(d) : null);

/**
 * Right of access (PIPL art. 45): everything held about the caller, and only the caller.
 * Orders assigned to a volunteer are the resident's data, not the volunteer's, so they
 * appear only as the volunteer's hours.
 */
export async function exportMyData({ ctx }: { ctx: Ctx }): Promise<DataExport> {
  const me = requireUser(ctx);
  const db = ctx.db;
  const u = schema.users;
  const [user] = await db.select().from(u).where(eq(u.id, me.id)).limit(1);
  if (!user) throw notFound('账号不存在');
  const [community] = user.communityId
    ? await db.select({ name: schema.communities.name }).from(schema.communities).where(eq(schema.communities.id, user.communityId))
    : [];
  const [grid] = user.gridId
    ? await db.select({ name: schema.grids.name }).from(schema.grids).where(eq(schema.grids.id, user.gridId))
    : [];

  const [card] = await db.select().from(schema.cards).where(eq(schema.cards.userId, me.id)).limit(1);
  const gridsAsWorker = await db
    .select({ grid: schema.grids.name, community: schema.communities.name, workerName: schema.grids.workerName, workerPhone: schema.grids.workerPhone })
    .from(schema.grids)
    .innerJoin(schema.communities, eq(schema.communities.id, schema.grids.communityId))
    .where(eq(schema.grids.workerId, me.id));
  const scans = await db
    .select({ at: schema.auditLog.createdAt, actorRole: schema.auditLog.actorRole, action: schema.auditLog.action, detail: schema.auditLog.detail })
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.subjectUserId, me.id), inArray(schema.auditLog.action, CARD_VIEW_ACTIONS)))
    .orderBy(desc(schema.auditLog.createdAt));

  const r = schema.serviceRequests;
  const orders = await db
    .select({ o: r, serviceTitle: schema.handbookEntries.title })
    .from(r)
    .innerJoin(schema.handbookEntries, eq(schema.handbookEntries.id, r.serviceId))
    .where(eq(r.ownerId, me.id))
    .orderBy(desc(r.createdAt));
  // 代办 orders belong to the person they were placed for: the staff member who placed
  // them gets the fact that they did, never that person's name, phone or address.
  const placedForOthers = await db
    .select({ code: r.code, status: r.status, createdAt: r.createdAt, serviceTitle: schema.handbookEntries.title })
    .from(r)
    .innerJoin(schema.handbookEntries, eq(schema.handbookEntries.id, r.serviceId))
    .where(and(eq(r.createdById, me.id), or(isNull(r.ownerId), ne(r.ownerId, me.id))))
    .orderBy(desc(r.createdAt));
  const events = orders.length
    ? await db
        .select()
        .from(schema.requestEvents)
        .where(inArray(schema.requestEvents.requestId, orders.map((x) => x.o.id)))
        .orderBy(asc(schema.requestEvents.createdAt))
    : [];

  const f = schema.feedbackItems;
  const feedback = await db.select().from(f).where(eq(f.reporterId, me.id)).orderBy(desc(f.createdAt));
  const replies = feedback.length
    ? await db
        .select()
        .from(schema.feedbackReplies)
        .where(inArray(schema.feedbackReplies.feedbackId, feedback.map((x) => x.id)))
        .orderBy(asc(schema.feedbackReplies.createdAt))
    : [];

  const feedbackReports = await reportsBy(db, me.id);

  const [volunteer] = await db.select().from(schema.volunteerProfiles).where(eq(schema.volunteerProfiles.userId, me.id));
  const signups = await db
    .select({ su: schema.shiftSignups, title: schema.shifts.title, location: schema.shifts.location, startsAt: schema.shifts.startsAt, endsAt: schema.shifts.endsAt })
    .from(schema.shiftSignups)
    .innerJoin(schema.shifts, eq(schema.shifts.id, schema.shiftSignups.shiftId))
    .where(eq(schema.shiftSignups.userId, me.id))
    .orderBy(desc(schema.shifts.startsAt));
  const hours = await db.select().from(schema.volunteerHours).where(eq(schema.volunteerHours.userId, me.id)).orderBy(desc(schema.volunteerHours.servedAt));
  const stars = await db.select().from(schema.volunteerStars).where(eq(schema.volunteerStars.userId, me.id)).orderBy(desc(schema.volunteerStars.year));
  const notes = await db.select().from(schema.notifications).where(eq(schema.notifications.userId, me.id)).orderBy(desc(schema.notifications.createdAt));
  const grants = await db.select().from(schema.subscriptionGrants).where(eq(schema.subscriptionGrants.userId, me.id));
  const up = schema.uploads;
  const uploads = await db
    .select({ id: up.id, purpose: up.purpose, width: up.width, height: up.height, checkStatus: up.checkStatus, createdAt: up.createdAt, code: f.code })
    .from(up)
    .leftJoin(f, eq(f.id, up.feedbackId))
    .where(eq(up.ownerId, me.id))
    .orderBy(desc(up.createdAt));
  const supports = await db
    .select({ code: f.code, title: f.title, at: schema.feedbackSupports.createdAt })
    .from(schema.feedbackSupports)
    .innerJoin(f, eq(f.id, schema.feedbackSupports.feedbackId))
    .where(eq(schema.feedbackSupports.userId, me.id))
    .orderBy(desc(schema.feedbackSupports.createdAt));
  const photos = await Promise.all(
    uploads.map(async (x) => ({
      usedOn: x.code ? { feedback: x.code, as: x.purpose } : null,
      width: x.width,
      height: x.height,
      check: x.checkStatus,
      uploadedAt: iso(x.createdAt),
      url: (await signedPhoto(ctx.runtime.media, x.id)).url,
    })),
  );

  await writeAudit(db, ctx, { action: 'user.data_exported', targetType: 'user', targetId: me.id, subjectUserId: me.id });

  return {
    exportedAt: toStreetIso(ctx.now),
    profile: {
      id: user.id,
      role: user.role,
      displayName: user.displayName,
      phone: user.phone,
      community: community?.name ?? null,
      grid: grid?.name ?? null,
      wechatLinked: Boolean(user.openid),
      createdAt: iso(user.createdAt),
    },
    consents: { privacyConsentAt: iso(user.privacyConsentAt), privacyConsentVersion: user.privacyConsentVersion },
    card: card
      ? {
          number: card.number,
          address: { building: card.building, unit: card.unit, room: card.room },
          householdSize: card.householdSize,
          careTags: card.careTags,
          careTagsConsentAt: iso(card.careTagsConsentAt),
          emergencyContact: { name: card.emergencyName, phone: card.emergencyPhone, relation: card.emergencyRelation },
          createdAt: iso(card.createdAt),
          updatedAt: iso(card.updatedAt),
        }
      : null,
    cardScans: scans.map((s) => ({
      at: iso(s.at),
      byRole: s.actorRole,
      ...(s.action === CARD_LOOKED_UP ? { lookedUpBecause: String((s.detail as { reason?: unknown }).reason ?? '') } : {}),
    })),
    orders: orders.map(({ o, serviceTitle }) => ({
      code: o.code,
      service: serviceTitle,
      description: o.description,
      status: o.status,
      preferredTime: o.preferredTime,
      address: o.address,
      building: o.building,
      mapPoint: o.latitude !== null && o.longitude !== null ? { lat: o.latitude, lng: o.longitude } : null,
      contactPhone: o.contactPhone,
      onBehalfOf: o.onBehalfOf,
      createdAt: iso(o.createdAt),
      completedAt: iso(o.completedAt),
      ratingScore: o.ratingScore,
      ratingComment: o.ratingComment,
      timeline: events.filter((e) => e.requestId === o.id).map((e) => ({ type: e.type, status: e.toStatus, note: e.note, at: iso(e.createdAt) })),
    })),
    ordersPlacedForOthers: placedForOthers.map((x) => ({ code: x.code, service: x.serviceTitle, status: x.status, createdAt: iso(x.createdAt) })),
    feedback: feedback.map((x) => ({
      code: x.code,
      category: x.category,
      title: x.title,
      body: x.body,
      location: x.location,
      public: x.isPublic,
      anonymous: x.anonymous,
      status: x.status,
      responsibleParty: x.responsibleParty,
      measures: x.measures,
      deadline: iso(x.deadline),
      result: x.result,
      rating: x.rating,
      ratingComment: x.ratingComment,
      createdAt: iso(x.createdAt),
      replies: replies
        .filter((y) => y.feedbackId === x.id)
        .map((y) => ({ from: y.authorId === me.id ? 'me' : y.authorRole, body: y.body, at: iso(y.createdAt) })),
    })),
    feedbackReports,
    volunteer: {
      profile: volunteer
        ? { realName: volunteer.realName, isPartyMember: volunteer.isPartyMember, workUnit: volunteer.workUnit, skills: volunteer.skills, phone: volunteer.phone, createdAt: iso(volunteer.createdAt) }
        : null,
      signups: signups.map((x) => ({
        shift: x.title,
        location: x.location,
        startsAt: iso(x.startsAt),
        endsAt: iso(x.endsAt),
        status: x.su.status,
        attendance: x.su.attendance,
        checkinAt: iso(x.su.checkinAt),
        checkoutAt: iso(x.su.checkoutAt),
        minutes: x.su.minutes,
      })),
      hours: hours.map((x) => ({ source: x.sourceType, minutes: x.minutes, servedAt: iso(x.servedAt), year: x.year, note: x.note })),
      stars: stars.map((x) => ({ year: x.year, stars: x.stars })),
    },
    notifications: notes.map((x) => ({ kind: x.kind, title: x.title, body: x.body, createdAt: iso(x.createdAt), readAt: iso(x.readAt), delivery: x.status })),
    subscriptions: grants.map((x) => ({ kind: x.kind, remaining: x.remaining })),
    photos,
    supports: supports.map((x) => ({ feedback: x.code, title: x.title, at: iso(x.at) })),
    gridsAsWorker: gridsAsWorker.map((x) => ({ community: x.community, grid: x.grid, publishedName: x.workerName, workPhone: x.workerPhone })),
  };
}

/** Future sign-ups are given up the way the volunteer would, so the waitlist moves up. */
async function withdrawFromShifts(tx: Tx, userId: string, now: Date) {
  const su = schema.shiftSignups;
  const sh = schema.shifts;
  const mine = await tx
    .select({ id: su.id, shiftId: su.shiftId, status: su.status })
    .from(su)
    .innerJoin(sh, eq(sh.id, su.shiftId))
    .where(and(eq(su.userId, userId), inArray(su.status, ['confirmed', 'waitlisted']), gt(sh.startsAt, now), isNull(su.checkinAt)));
  for (const s of mine) {
    const shift = await lockShift(tx, s.shiftId);
    await tx.update(su).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(su.id, s.id));
    if (s.status === 'confirmed') {
      const [after] = await tx
        .update(sh)
        .set({ confirmedCount: sql`${sh.confirmedCount} - 1`, updatedAt: now })
        .where(eq(sh.id, shift.id))
        .returning();
      if (after.status === 'published') await promoteWaitlisted(tx, after, after.capacity - after.confirmedCount, now);
    } else {
      await tx.update(sh).set({ waitlistCount: sql`${sh.waitlistCount} - 1`, updatedAt: now }).where(eq(sh.id, shift.id));
    }
  }
  return mine.length;
}

/** What an erased order shows where its description was (the column is NOT NULL). */
export const ERASED_TEXT = '（居民已注销账号，内容已清除）';

/**
 * Orders the leaving volunteer had taken but not finished go back to the desk with a
 * timeline event, instead of staying `accepted` with nobody who can move them.
 */
async function releaseAssignments(tx: Tx, userId: string, now: Date) {
  const r = schema.serviceRequests;
  const held = await tx
    .select({ id: r.id, status: r.status })
    .from(r)
    .where(and(eq(r.assigneeId, userId), inArray(r.status, [...ASSIGNEE_GONE.from])))
    .for('update');
  if (!held.length) return 0;
  await tx
    .update(r)
    .set({ status: ASSIGNEE_GONE.to, assigneeId: null, updatedAt: now })
    .where(inArray(r.id, held.map((o) => o.id)));
  await tx.insert(schema.requestEvents).values(
    held.map((o) => ({
      requestId: o.id,
      type: ASSIGNEE_GONE.event,
      fromStatus: o.status,
      toStatus: ASSIGNEE_GONE.to,
      actorId: null,
      actorRole: 'system',
      note: '志愿者已注销账号，订单退回社区重新派单',
      createdAt: now,
    })),
  );
  return held.length;
}

/**
 * The user's name was copied into others' records of orders they took part in (派给…,
 * …已接单 in a resident's messages). Those records stay theirs; the name in them becomes
 * 已注销用户. A one-character name is left alone: replacing it would garble other text.
 */
async function eraseNameFromOthersRecords(tx: Tx, userId: string, name: string) {
  if (name.length < 2) return;
  const r = schema.serviceRequests;
  const involved = tx.select({ id: r.id }).from(r).where(or(eq(r.ownerId, userId), eq(r.assigneeId, userId), eq(r.createdById, userId)));
  const e = schema.requestEvents;
  await tx
    .update(e)
    .set({ note: sql`replace(${e.note}, ${name}, ${DELETED_DISPLAY_NAME})` })
    .where(and(inArray(e.requestId, involved), sql`strpos(${e.note}, ${name}) > 0`));
  const codes = tx.select({ code: r.code }).from(r).where(or(eq(r.ownerId, userId), eq(r.assigneeId, userId), eq(r.createdById, userId)));
  const n = schema.notifications;
  await tx
    .update(n)
    .set({ body: sql`replace(${n.body}, ${name}, ${DELETED_DISPLAY_NAME})` })
    .where(and(ne(n.userId, userId), sql`${n.data}->>'code' in (${codes})`, sql`strpos(${n.body}, ${name}) > 0`));
}

/**
 * Account deletion (PIPL art. 47). Personal fields are cleared column by column rather
 * than the row deleted: orders, hours and the public walls are the street's records and
 * keep their shape, but nothing in them points at a person any more. The session ends
 * because every request re-reads the user and refuses a deleted one.
 */
export async function deleteMyAccount({ ctx }: { ctx: Ctx }) {
  const me = requireUser(ctx);
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const u = schema.users;
    const [mine] = await tx.select({ id: u.id, displayName: u.displayName }).from(u).where(and(eq(u.id, me.id), isNull(u.deletedAt))).for('update');
    if (!mine) throw notFound('账号不存在或已注销');
    // The last admin leaving would leave nobody able to grant roles in the app.
    if (me.role === 'admin') await assertAnotherAdmin(tx, me.id);

    const r = schema.serviceRequests;
    const e = schema.requestEvents;
    const open = await tx
      .select({ id: r.id, status: r.status })
      .from(r)
      .where(and(eq(r.ownerId, me.id), inArray(r.status, [...OPEN_ORDER_STATUSES])))
      .for('update');
    if (open.length) {
      await tx
        .update(r)
        .set({ status: 'cancelled', updatedAt: now })
        .where(inArray(r.id, open.map((o) => o.id)));
      await tx.insert(e).values(
        open.map((o) => ({ requestId: o.id, type: 'cancelled', fromStatus: o.status, toStatus: 'cancelled', actorId: null, actorRole: 'system', note: '居民已注销账号，订单自动取消', createdAt: now })),
      );
    }
    // Names first: releasing an order forgets who held it.
    await eraseNameFromOthersRecords(tx, me.id, mine.displayName);
    const released = await releaseAssignments(tx, me.id, now);

    // The user's own orders keep what statistics need (service, community, status, times,
    // score) and lose everything they wrote or that locates them: staff and the volunteer
    // who served them must not go on reading it. Orders placed *by* the user for someone
    // else are that person's, and stay exactly as they were.
    await tx
      .update(r)
      .set({ contactPhone: null, onBehalfOf: null, address: null, building: null, latitude: null, longitude: null, preferredTime: null, description: ERASED_TEXT, ratingComment: null, updatedAt: now })
      .where(eq(r.ownerId, me.id));
    await tx
      .update(e)
      .set({ note: null })
      .where(inArray(e.requestId, tx.select({ id: r.id }).from(r).where(eq(r.ownerId, me.id))));
    // Audit rows keep who did what to whom and when; their free text (search terms,
    // names given when ordering on the user's behalf) goes.
    const a = schema.auditLog;
    await tx
      .update(a)
      .set({ detail: {} })
      .where(or(eq(a.subjectUserId, me.id), sql`${a.action} = 'resident.searched' and jsonb_exists(${a.detail}->'found', ${me.id})`));

    const signupsWithdrawn = await withdrawFromShifts(tx, me.id, now);
    await anonymiseFeedbackReporter(tx, me.id);
    // A 网格员 who leaves is no longer published on their grids: the grid waits for a new one.
    await tx.update(schema.grids).set({ workerId: null, workerName: null, workerPhone: null }).where(eq(schema.grids.workerId, me.id));
    await tx.update(schema.feedbackItems).set({ routedToId: null }).where(eq(schema.feedbackItems.routedToId, me.id));
    await unlinkReporterFromReports(tx, me.id);
    await tx.delete(schema.cards).where(eq(schema.cards.userId, me.id));
    await tx.delete(schema.volunteerProfiles).where(eq(schema.volunteerProfiles.userId, me.id));
    await tx.delete(schema.notifications).where(eq(schema.notifications.userId, me.id));
    await tx.delete(schema.subscriptionGrants).where(eq(schema.subscriptionGrants.userId, me.id));
    // Photos not yet used on anything go with their files; those on an item stay with it
    // (like its text, now anonymous) and no longer point at the user.
    // 我也遇到 goes; the count on the item stays (how many neighbours had the problem is a statistic).
    await tx.delete(schema.feedbackSupports).where(eq(schema.feedbackSupports.userId, me.id));
    const up = schema.uploads;
    const loose = await tx.delete(up).where(and(eq(up.ownerId, me.id), isNull(up.feedbackId))).returning({ id: up.id });
    await tx.update(up).set({ ownerId: null }).where(eq(up.ownerId, me.id));
    // Stored idempotent replies may echo what the user sent (phones, addresses), and a
    // staff member's reply to an order placed for the user names them too.
    const k = schema.idempotencyKeys;
    await tx.delete(k).where(or(eq(k.scope, `u:${me.id}`), sql`${k.body}::text like ${`%${me.id}%`}`));
    await tx
      .update(u)
      .set({
        displayName: DELETED_DISPLAY_NAME,
        phone: null,
        openid: null,
        demoKey: null,
        communityId: null,
        gridId: null,
        staffCommunityId: null,
        role: 'resident',
        privacyConsentAt: null,
        privacyConsentVersion: null,
        deletedAt: now,
        updatedAt: now,
      })
      .where(eq(u.id, me.id));
    await writeAudit(tx, ctx, {
      action: 'user.deleted',
      targetType: 'user',
      targetId: me.id,
      subjectUserId: me.id,
      detail: { ordersCancelled: open.length, ordersReleased: released, signupsWithdrawn, photosDeleted: loose.length },
    });
    // Files last: a failure here leaves unreachable files (no row names them), never a broken account.
    await removeFiles(ctx.runtime.media, loose.map((x) => x.id)).catch((err: unknown) => ctx.log.warn('photo files not removed', { error: (err as Error).message }));
    return { deleted: true as const, deletedAt: toStreetIso(now) };
  });
}
