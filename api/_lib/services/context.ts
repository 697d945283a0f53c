import type { Role } from '../../../shared/auth';
import type { Db } from '../db';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';

/** The caller as the router loaded it (fresh from the database on every request). */
export interface CurrentUser {
  id: string;
  role: Role;
  displayName: string;
  communityId: string | null;
  staffCommunityId: string | null;
  openid: string | null;
}

/** What a service operation receives besides its input: no request, no response, only data. */
export interface Ctx {
  runtime: Runtime;
  db: Db;
  user: CurrentUser | null;
  requestId: string;
  log: Logger;
  now: Date;
  ip: string;
}

/** The one file of a multipart/form-data body (a route's `multipart`), as the router read it. */
export interface UploadedFile {
  bytes: Buffer;
  /** As the client named it: never trusted for the type (the content is sniffed). */
  filename: string;
}
