import type { RequestAction, RequestStatus } from '../../../../shared/requests';
import type { CurrentUser } from '../context';
import { isStaff, isVolunteer, staffMaySee } from '../access';
import { inVolunteerPool, type Standing } from '../volunteer-standing';

/**
 * The order state machine, in one table. Everything else (the services, the buttons a
 * page shows through `allowedActions`) asks this table; no handler decides on its own.
 * `dispatch` from `dispatched` lets the desk reassign an order nobody has accepted yet
 * (the first volunteer could not be reached) without cancelling the resident's order.
 */
export const TRANSITIONS: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus; event: string }> = {
  dispatch: { from: ['submitted', 'dispatched'], to: 'dispatched', event: 'dispatched' },
  accept: { from: ['submitted', 'dispatched'], to: 'accepted', event: 'accepted' },
  start: { from: ['accepted'], to: 'in_progress', event: 'started' },
  complete: { from: ['in_progress'], to: 'completed', event: 'completed' },
  cancel: { from: ['submitted', 'dispatched', 'accepted', 'in_progress'], to: 'cancelled', event: 'cancelled' },
  rate: { from: ['completed'], to: 'closed', event: 'rated' },
};

/**
 * Not an action anyone takes: when the assigned volunteer deletes their account, an order
 * they had not finished goes back to the desk (待派单) rather than staying with nobody.
 */
export const ASSIGNEE_GONE = { from: ['dispatched', 'accepted', 'in_progress'] as const, to: 'submitted' as const, event: 'released' };

/** Open orders: someone still has to act. Exactly the states an order may still be cancelled from. */
export const OPEN_ORDER_STATUSES = TRANSITIONS.cancel.from;

/** A resident may withdraw only until a volunteer has said yes; after that the desk cancels. */
export const OWNER_CANCEL_FROM: readonly RequestStatus[] = ['submitted', 'dispatched'];

/** How long after completion the volunteer may still see the resident's phone and address. */
export const CONTACT_GRACE_MS = 7 * 24 * 3600 * 1000;

/** Order of the states along the happy path: breaks ties between events written in the same instant. */
export const STATUS_RANK: Record<RequestStatus, number> = {
  submitted: 0,
  dispatched: 1,
  accepted: 2,
  in_progress: 3,
  completed: 4,
  closed: 5,
  cancelled: 6,
};

export interface OrderFacts {
  status: RequestStatus;
  ownerId: string | null;
  createdById: string | null;
  assigneeId: string | null;
  communityId: string | null;
  completedAt: Date | null;
}

/** The resident the order is for; a 代办 order for someone without an account belongs to whoever placed it. */
export const isOwner = (user: CurrentUser, o: OrderFacts) =>
  o.ownerId === user.id || (o.ownerId === null && o.createdById === user.id);

export const isOwnerOrCreator = (user: CurrentUser, o: OrderFacts) => o.ownerId === user.id || o.createdById === user.id;

/**
 * Serving, finishing or rating an order oneself placed (or placed on someone's behalf)
 * would mint volunteer hours and ratings out of nothing, so those actions need another person.
 */
export const SELF_SERVICE_ACTIONS: readonly RequestAction[] = ['accept', 'start', 'complete', 'rate'];
export const servesSelf = (action: RequestAction, user: CurrentUser, o: OrderFacts) =>
  SELF_SERVICE_ACTIONS.includes(action) && (action === 'rate' ? o.assigneeId === user.id : isOwnerOrCreator(user, o));

const inPool = (o: OrderFacts) => o.status === 'submitted' && o.assigneeId === null;

/**
 * Who may see an order at all; everyone else gets 404. A volunteer sees the open pool of the
 * community that confirmed them (and street-wide orders) — `standing`, looked up only when it
 * matters; without it nobody sees another resident's open order.
 */
export function maySee(user: CurrentUser, o: OrderFacts, standing: Standing | null = null): boolean {
  if (isStaff(user)) return staffMaySee(user, o.communityId);
  if (isOwnerOrCreator(user, o) || o.assigneeId === user.id) return true;
  return isVolunteer(user) && inPool(o) && standing !== null && inVolunteerPool(standing, o.communityId);
}

/** Whether `maySee` needs the volunteer's standing for this order (saves the look-up otherwise). */
export const needsStanding = (user: CurrentUser, o: OrderFacts) =>
  !isStaff(user) && isVolunteer(user) && !isOwnerOrCreator(user, o) && o.assigneeId !== user.id && inPool(o);

/** Role part of the rule: false means 403. */
export function roleAllows(action: RequestAction, user: CurrentUser, o: OrderFacts): boolean {
  if (servesSelf(action, user, o)) return false;
  switch (action) {
    case 'dispatch':
      return isStaff(user);
    case 'accept':
      return isVolunteer(user);
    case 'start':
    case 'complete':
      // An unassigned order in the pool is refused by its state (409), not by who asks.
      return o.assigneeId === user.id || (o.assigneeId === null && isVolunteer(user));
    case 'cancel':
      return isStaff(user) || isOwner(user, o);
    case 'rate':
      return isOwner(user, o);
  }
}

/** State part of the rule: false means 409 INVALID_STATE. */
export function stateAllows(action: RequestAction, user: CurrentUser, o: OrderFacts): boolean {
  if (!TRANSITIONS[action].from.includes(o.status)) return false;
  if (action === 'accept') return inPool(o) || (o.status === 'dispatched' && o.assigneeId === user.id);
  if (action === 'cancel' && !isStaff(user)) return OWNER_CANCEL_FROM.includes(o.status);
  return true;
}

export function allowedActions(user: CurrentUser | null, o: OrderFacts): RequestAction[] {
  if (!user) return [];
  return (Object.keys(TRANSITIONS) as RequestAction[]).filter((a) => roleAllows(a, user, o) && stateAllows(a, user, o));
}

/**
 * The resident's phone and address are for the people serving them: staff, the owner
 * themselves, and the assignee from acceptance until a week after completion.
 */
export function contactVisible(user: CurrentUser | null, o: OrderFacts, now: Date): boolean {
  if (!user) return false;
  if (isStaff(user)) return staffMaySee(user, o.communityId);
  if (isOwnerOrCreator(user, o)) return true;
  if (o.assigneeId !== user.id) return false;
  if (o.status === 'accepted' || o.status === 'in_progress') return true;
  if ((o.status === 'completed' || o.status === 'closed') && o.completedAt) {
    return now.getTime() - o.completedAt.getTime() <= CONTACT_GRACE_MS;
  }
  return false;
}
