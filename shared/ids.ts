/**
 * Whether a string can be a row id, checked before a query so PostgreSQL never raises on the
 * uuid cast. Deliberately any-version (seeds and PGlite's gen_random_uuid both pass); zod's
 * `z.uuid()` is for bodies, where it is stricter. A path parameter is checked by its
 * descriptor's `params: { id: idParam }` (shared/params.ts) instead.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);
