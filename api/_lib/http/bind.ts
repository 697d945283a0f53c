import type { z } from 'zod';
import type { Contract, HttpMethod, PathParams, RouteDescriptor } from '../../../shared/contract/route';
import type { Reply } from './reply';
import type { AnyRoute, HandlerArgs } from './types';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * A handler for descriptor `D`: it gets the path parameters by name and the validated query and
 * body, and must return what the response schema accepts (`z.input`: the router sends the value
 * as it is and every reader parses it with that schema), or a `Reply` carrying it.
 */
export type HandlerFor<D> =
  D extends RouteDescriptor<HttpMethod, infer P, infer Q, infer B, infer R>
    ? (
        args: HandlerArgs<PathParams<P>, Q extends z.ZodType ? z.output<Q> : Record<string, never>, Output<B>>,
      ) => Promise<z.input<R> | Reply<z.input<R>>>
    : never;

/**
 * Binds one handler to every descriptor of a contract, in the contract's order (the router
 * matches in that order, so a literal path is listed before a `:param` one of the same shape).
 * A missing or extra handler, or an answer the response schema would refuse, fails the type-check.
 */
export function bind<C extends Contract>(contract: C, handlers: { [K in keyof C]: HandlerFor<C[K]> }): AnyRoute[] {
  return Object.keys(contract).map((name) => ({ ...contract[name], handler: handlers[name] }) as AnyRoute);
}
