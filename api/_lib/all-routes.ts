import type { AnyRoute } from './http/types';
import { routes as auth } from '../auth';
import { routes as card } from '../card';
import { routes as content } from '../content';
import { routes as cron } from '../cron';
import { routes as feedback } from '../feedback';
import { routes as staff } from '../staff';
import { routes as redpost } from '../redpost';
import { routes as requests } from '../requests';

/** Every route the entry files expose: feeds the OpenAPI document and the authorization-matrix test. */
export function allRoutes(): AnyRoute[] {
  return [...auth, ...content, ...card, ...staff, ...feedback, ...requests, ...redpost, ...cron];
}
