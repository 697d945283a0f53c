import * as z from 'zod';
import { UUID } from './ids';
import { FEEDBACK_CODE } from './feedback';

/** A row id in a path (`/api/requests/:id`): the router answers 400 naming the parameter when it is not one. */
export const idParam = z.string().regex(UUID, '不是有效的编号');

/** The usual path parameters of a route on one row. */
export const ID_PARAMS = { id: idParam } as const;

/** A feedback item is addressed by its id or by its WT code (WT-20261127-0042). */
export const FEEDBACK_PARAMS = {
  id: z.string().refine((v) => UUID.test(v) || FEEDBACK_CODE.test(v), '不是有效的问题编号'),
} as const;
