import type { FeedbackStatus } from '../../../../shared/feedback';
import { invalidState } from '../../errors';

/**
 * The one table of what may happen to a feedback item, and from which states.
 * Assign may repeat while in progress (a new plan or a new deadline after a reopen);
 * `reopen` is taken by the first unsatisfied rating, `rate` closes it.
 */
export const FEEDBACK_TRANSITIONS = {
  assign: { from: ['submitted', 'in_progress'], to: 'in_progress' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  reject: { from: ['submitted', 'in_progress'], to: 'rejected' },
  rate: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'in_progress' },
  autoClose: { from: ['resolved'], to: 'closed' },
  reply: { from: ['submitted', 'in_progress', 'resolved'], to: null },
} as const satisfies Record<string, { from: readonly FeedbackStatus[]; to: FeedbackStatus | null }>;

export type FeedbackAction = keyof typeof FEEDBACK_TRANSITIONS;

export const OPEN_STATUSES = ['submitted', 'in_progress'] as const satisfies readonly FeedbackStatus[];
export const ECHO_STATUSES = ['resolved', 'closed'] as const satisfies readonly FeedbackStatus[];

export function mayTransition(action: FeedbackAction, from: FeedbackStatus): boolean {
  return (FEEDBACK_TRANSITIONS[action].from as readonly FeedbackStatus[]).includes(from);
}

const REFUSALS: Record<FeedbackAction, string> = {
  assign: '该问题已办结或不予受理，不能再交办',
  resolve: '请先明确责任主体、整改措施和完成期限，再办结',
  reject: '该问题已办结，不能再设为不予受理',
  rate: '问题办结后才能评价，且每次办结只能评价一次',
  reopen: '问题办结后才能评价，且每次办结只能评价一次',
  autoClose: '该问题不在待评价状态',
  reply: '该问题已结案，不能再回复',
};

/** Throws 409 INVALID_STATE with a sentence a resident or staff member understands. */
export function assertTransition(action: FeedbackAction, from: FeedbackStatus) {
  if (!mayTransition(action, from)) throw invalidState(REFUSALS[action]);
}
