import type { FeedbackStatus } from '../../../../shared/feedback';
import { invalidState } from '../../errors';

/** Who takes an action: staff who may see the item, its reporter, or the cron. */
export type FeedbackActor = 'staff' | 'reporter' | 'system';

/**
 * The one table of what may happen to a feedback item, from which states, to which state,
 * and by whom. The verbs write `to`, the cron's auto-close reads its row, and the buttons a
 * page shows (`allowedActions`) are the rows the viewer may take now.
 * Assign may repeat while in progress (a new plan or a new deadline after a reopen).
 * `reopen` is not a button: the first unsatisfied rating takes it instead of `rate` (`via`).
 * `reply` changes no state (`to: null`). Rows are in the order pages show the buttons.
 */
export const FEEDBACK_TRANSITIONS = {
  reply: { from: ['submitted', 'in_progress', 'resolved'], to: null, by: ['staff', 'reporter'] },
  assign: { from: ['submitted', 'in_progress'], to: 'in_progress', by: ['staff'] },
  resolve: { from: ['in_progress'], to: 'resolved', by: ['staff'] },
  reject: { from: ['submitted', 'in_progress'], to: 'rejected', by: ['staff'] },
  merge: { from: ['submitted', 'in_progress'], to: 'closed', by: ['staff'] },
  rate: { from: ['resolved'], to: 'closed', by: ['reporter'] },
  reopen: { from: ['resolved'], to: 'in_progress', by: ['reporter'], via: 'rate' },
  autoClose: { from: ['resolved'], to: 'closed', by: ['system'] },
} as const satisfies Record<
  string,
  { from: readonly FeedbackStatus[]; to: FeedbackStatus | null; by: readonly FeedbackActor[]; via?: string }
>;

export type FeedbackAction = keyof typeof FEEDBACK_TRANSITIONS;

/** Open = someone still has to act: the wall, the inbox, overdue checks and the dashboard count these. */
export const OPEN_STATUSES = ['submitted', 'in_progress'] as const satisfies readonly FeedbackStatus[];
export const ECHO_STATUSES = ['resolved', 'closed'] as const satisfies readonly FeedbackStatus[];

export const isOpenFeedback = (status: FeedbackStatus) => (OPEN_STATUSES as readonly FeedbackStatus[]).includes(status);

export function mayTransition(action: FeedbackAction, from: FeedbackStatus): boolean {
  return (FEEDBACK_TRANSITIONS[action].from as readonly FeedbackStatus[]).includes(from);
}

/** The state-and-role rule together: may this actor take this action on an item in this state? */
export function mayTake(action: FeedbackAction, actor: FeedbackActor | null, from: FeedbackStatus): boolean {
  return actor !== null && (FEEDBACK_TRANSITIONS[action].by as readonly FeedbackActor[]).includes(actor) && mayTransition(action, from);
}

/** The buttons a viewer sees: the rows they may take now, less those taken through another (`via`). */
export function allowedFeedbackActions(actor: FeedbackActor | null, from: FeedbackStatus) {
  return (Object.keys(FEEDBACK_TRANSITIONS) as FeedbackAction[]).filter(
    (a): a is Exclude<FeedbackAction, 'reopen' | 'autoClose'> => !('via' in FEEDBACK_TRANSITIONS[a]) && a !== 'autoClose' && mayTake(a, actor, from),
  );
}

const REFUSALS: Record<FeedbackAction, string> = {
  assign: '该问题已办结或不予受理，不能再交办',
  resolve: '请先明确责任主体、整改措施和完成期限，再办结',
  reject: '该问题已办结，不能再设为不予受理',
  merge: '只有尚未办结的问题可以合并到其他问题',
  rate: '问题办结后才能评价，且每次办结只能评价一次',
  reopen: '问题办结后才能评价，且每次办结只能评价一次',
  autoClose: '该问题不在待评价状态',
  reply: '该问题已结案，不能再回复',
};

/** Throws 409 INVALID_STATE with a sentence a resident or staff member understands. */
export function assertTransition(action: FeedbackAction, from: FeedbackStatus) {
  if (!mayTransition(action, from)) throw invalidState(REFUSALS[action]);
}
