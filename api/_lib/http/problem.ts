import { TITLES } from '../errors';
import type { Res } from './types';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

export function problemBody(
  status: number,
  code: string,
  detail: string,
  requestId?: string,
  errors?: { path: string; message: string }[],
): ProblemBody {
  return {
    type: `https://shinan.example.cn/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(requestId ? { requestId } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

export function sendJson(res: Res, status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json; charset=utf-8') {
  if (res.headersSent) return;
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (status === 204 || body === null || body === undefined) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendProblem(res: Res, problem: ProblemBody, headers: Record<string, string> = {}) {
  sendJson(res, problem.status, problem, headers, 'application/problem+json; charset=utf-8');
}
