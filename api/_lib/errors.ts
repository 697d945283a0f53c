/**
 * Typed errors that services throw and the HTTP wrapper turns into problem+json.
 * `detail` is a Chinese sentence fit to show a resident; `code` is stable for clients.
 */
export class ServiceError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly detail: string,
    public readonly errors?: { path: string; message: string }[],
    public readonly headers?: Record<string, string>,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ServiceError';
  }
}

/** A single-field 400, for rules a zod schema cannot express (e.g. "deadline in the past"). */
export const invalidField = (path: string, message: string) =>
  new ServiceError(400, 'VALIDATION_FAILED', message, [{ path, message }]);
export const unauthorized = (detail = '请先登录', code = 'UNAUTHORIZED') => new ServiceError(401, code, detail);
export const forbidden = (detail = '您没有权限进行此操作', code = 'FORBIDDEN') => new ServiceError(403, code, detail);
export const notFound = (detail = '找不到您要的内容，可能已被删除', code = 'NOT_FOUND') => new ServiceError(404, code, detail);
export const conflict = (code: string, detail: string) => new ServiceError(409, code, detail);
export const invalidState = (detail = '当前状态下不能进行此操作，请刷新后再试') => new ServiceError(409, 'INVALID_STATE', detail);
export const contentRefused = (detail = '内容含有不适宜公开的信息，请修改后再提交') =>
  new ServiceError(422, 'CONTENT_REFUSED', detail);
export const tooMany = (retryAfterSeconds: number) =>
  new ServiceError(429, 'RATE_LIMITED', `操作太频繁，请 ${retryAfterSeconds} 秒后再试`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
export const unavailable = (code = 'SERVICE_UNAVAILABLE', detail = '服务暂时不可用，请稍后再试') =>
  new ServiceError(503, code, detail);

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
