import type { Problem } from '../../shared/problem';

export const OFFLINE_MESSAGE = '网络不可用，请检查网络后重试';

/**
 * Every failed call becomes one of these. `detail` is always a Chinese sentence that
 * can be shown to a resident as is; `code` is the server's stable identifier
 * (or NETWORK / BAD_RESPONSE for failures that never reached a handler).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: { path: string; message: string }[];
  readonly retryAfterSeconds?: number;

  constructor(init: { status: number; code: string; detail: string; fieldErrors?: Problem['errors']; retryAfterSeconds?: number }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  get isNetwork(): boolean {
    return this.code === 'NETWORK';
  }

  /** The message for one form field (`path` as the server names it, e.g. "emergencyContact.phone"). */
  fieldMessage(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path)?.message;
  }
}

const FALLBACK_DETAIL: Record<number, string> = {
  400: '提交的内容有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '您没有权限进行此操作',
  404: '没有找到相关内容',
  409: '当前状态下无法进行此操作，请刷新后重试',
  422: '内容未通过审核，请修改后再提交',
  429: '操作太频繁，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
};

/** A structural check rather than ProblemSchema, so this main-package module needs no zod. */
function isProblem(data: unknown): data is Problem {
  const p = data as Partial<Problem> | null;
  return typeof p === 'object' && p !== null && typeof p.code === 'string' && typeof p.detail === 'string' && p.detail.length > 0;
}

export function problemToError(status: number, data: unknown, retryAfter?: string): ApiError {
  const retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (isProblem(data)) {
    return new ApiError({
      status,
      code: data.code,
      detail: data.detail,
      fieldErrors: Array.isArray(data.errors) ? data.errors : undefined,
      retryAfterSeconds,
    });
  }
  return new ApiError({
    status,
    code: `HTTP_${status}`,
    detail: FALLBACK_DETAIL[status] ?? '服务出了点问题，请稍后再试',
    retryAfterSeconds,
  });
}

export function networkError(): ApiError {
  return new ApiError({ status: 0, code: 'NETWORK', detail: OFFLINE_MESSAGE });
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError({ status: 0, code: 'UNKNOWN', detail: '出了点问题，请稍后再试' });
}
