import {
  FEEDBACK_RATING_NAMES,
  FEEDBACK_STATUS_NAMES,
  feedbackCategoryName,
  type FeedbackPublicItem,
  type FeedbackReply,
} from '../../../../shared/feedback';
import { streetDayStart, toStreetIso } from '../../../../shared/time';
import type { Photo } from '../../../../shared/uploads';
import type { schema } from '../../db';
import { OPEN_STATUSES } from './transitions';

export type FeedbackRow = typeof schema.feedbackItems.$inferSelect;

/** A row as the list and detail queries return it (item + community name + reporter state). */
export interface FeedbackJoined {
  item: FeedbackRow;
  communityName: string | null;
  gridName: string | null;
  mergedIntoCode: string | null;
  reporterDeletedAt: Date | null;
  replyCount: number;
}

const DAY_MS = 86_400_000;
const streetDayNumber = (d: Date) => Math.round(streetDayStart(d).getTime() / DAY_MS);

export function isOverdue(item: Pick<FeedbackRow, 'status' | 'deadline'>, now: Date): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(item.status) && !!item.deadline && item.deadline.getTime() < now.getTime();
}

/** Street-local calendar days from today to the deadline: 0 = due today, negative = overdue. */
export function daysLeft(deadline: Date | null, now: Date): number | null {
  return deadline ? streetDayNumber(deadline) - streetDayNumber(now) : null;
}

/** What the public may see, for a loaded row (the SQL form is `publiclyVisible` in items.ts). */
export function isPubliclyVisible(row: { isPublic: boolean; status: string; hiddenAt: Date | null }): boolean {
  return row.isPublic && row.status !== 'rejected' && !row.hiddenAt;
}

/** The reporter's name only when they chose to show it and their account still exists. */
export function shownReporterName(j: FeedbackJoined): string | null {
  if (j.item.anonymous || !j.item.reporterId || j.reporterDeletedAt) return null;
  return j.item.reporterName ?? null;
}

const iso = (d: Date | null) => (d ? toStreetIso(d) : null);

/** The public face of an item: nothing here identifies the reporter unless they chose so. */
export function toPublicItem(j: FeedbackJoined, now: Date, photos: { photos: Photo[]; resultPhotos: Photo[] } = NO_PHOTOS): FeedbackPublicItem {
  const f = j.item;
  return {
    id: f.id,
    code: f.code,
    category: f.category,
    categoryName: feedbackCategoryName(f.category),
    title: f.title,
    body: f.body,
    location: f.location,
    latitude: f.latitude,
    longitude: f.longitude,
    communityId: f.communityId,
    communityName: j.communityName,
    gridId: f.gridId,
    gridName: j.gridName,
    building: f.building,
    mergedInto: f.mergedIntoId && j.mergedIntoCode ? { id: f.mergedIntoId, code: j.mergedIntoCode } : null,
    isPublic: f.isPublic,
    status: f.status,
    statusName: FEEDBACK_STATUS_NAMES[f.status],
    responsibleParty: f.responsibleParty,
    measures: f.measures,
    deadline: iso(f.deadline),
    overdue: isOverdue(f, now),
    daysLeft: (OPEN_STATUSES as readonly string[]).includes(f.status) ? daysLeft(f.deadline, now) : null,
    assignedAt: iso(f.assignedAt),
    resolvedAt: iso(f.resolvedAt),
    result: f.result,
    rating: f.rating,
    ratingName: f.rating ? FEEDBACK_RATING_NAMES[f.rating] : null,
    ratingComment: f.ratingComment,
    reopenCount: f.reopenCount,
    closeReason: f.closeReason,
    reporterName: shownReporterName(j),
    replyCount: Number(j.replyCount ?? 0),
    createdAt: toStreetIso(f.createdAt),
    updatedAt: toStreetIso(f.updatedAt),
    photos: photos.photos,
    resultPhotos: photos.resultPhotos,
    supportCount: f.supportCount,
    source: f.source,
  };
}

const NO_PHOTOS = { photos: [], resultPhotos: [] };

export interface ReplyJoined {
  id: string;
  authorRole: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

/** Staff sign their replies; the reporter's replies carry their name only when the item does. */
export function toReply(r: ReplyJoined, reporterName: string | null, photos: Photo[] = []): FeedbackReply {
  const role = r.authorRole === 'staff' || r.authorRole === 'reporter' ? r.authorRole : 'system';
  return {
    id: r.id,
    authorRole: role,
    authorName: role === 'staff' ? (r.authorName ?? '工作人员') : role === 'reporter' ? reporterName : null,
    body: r.body,
    createdAt: toStreetIso(r.createdAt),
    photos,
  };
}
