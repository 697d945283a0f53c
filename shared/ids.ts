/**
 * Whether a path segment can be a row id. Checked before a query, so a malformed id answers 404
 * instead of making PostgreSQL raise on the uuid cast. Deliberately any-version (seeds and
 * PGlite's gen_random_uuid both pass); zod's `z.uuid()` is for bodies, where it is stricter.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);
