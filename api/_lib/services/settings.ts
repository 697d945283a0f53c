import { DEFAULT_STREET_SETTINGS, STREET_SETTING_NAMES, type StreetSettings } from '../../../shared/official-account';
import { schema, type DbOrTx } from '../db';
import type { Ctx } from './context';
import { writeAudit } from './audit';
import { bumpCacheVersion, cached } from './reader-cache';

const s = schema.streetSettings;
const SETTINGS_CACHE = 'street_settings';
const FIELDS = Object.keys(DEFAULT_STREET_SETTINGS) as (keyof StreetSettings)[];

async function readRow(db: DbOrTx): Promise<StreetSettings> {
  const [row] = await db.select().from(s).limit(1);
  if (!row) return { ...DEFAULT_STREET_SETTINGS };
  return Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as unknown as StreetSettings;
}

/** The street's details, read on every home page and links list: through the reader cache. */
export function getStreetSettings({ ctx }: { ctx: Ctx }): Promise<StreetSettings> {
  return cached(ctx, SETTINGS_CACHE, null, () => readRow(ctx.db));
}

/** Writes the default row, so a fresh database has the one row the admin then edits. */
export async function seedStreetSettings(db: DbOrTx) {
  await db.insert(s).values({ id: 1, ...DEFAULT_STREET_SETTINGS }).onConflictDoNothing();
}

/** The admin replaces the row; the audit names the settings that changed, old and new. */
export async function updateStreetSettings({ ctx, input }: { ctx: Ctx; input: StreetSettings }): Promise<StreetSettings> {
  return ctx.db.transaction(async (tx) => {
    const before = await readRow(tx);
    await tx
      .insert(s)
      .values({ id: 1, ...input, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: s.id, set: { ...input, updatedAt: ctx.now } });
    const changed = FIELDS.filter((f) => before[f] !== input[f]);
    if (changed.length) {
      await bumpCacheVersion(tx, SETTINGS_CACHE, ctx.now);
      await writeAudit(tx, ctx, {
        action: 'settings.updated',
        targetType: 'street_settings',
        detail: { changed: changed.map((f) => ({ field: STREET_SETTING_NAMES[f], from: before[f], to: input[f] })) },
      });
    }
    return readRow(tx);
  });
}
