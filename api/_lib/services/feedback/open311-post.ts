import { FEEDBACK_LIMITS } from '../../../../shared/feedback';
import type { z } from 'zod';
import type { Open311PostBodySchema } from '../../../../shared/open311';
import { schema } from '../../db';
import { invalidField } from '../../errors';
import { writeAudit } from '../audit';
import { nextCode } from '../codes';
import { assertContentAllowed } from '../content-check';
import type { Ctx } from '../context';
import { countKeyUse, useOpen311Key } from './open311-keys';

/** The item's title: the description's first sentence or line, cut to the title's length. */
function titleOf(description: string): string {
  const first = description.split(/[\n。！？!?]/)[0].trim() || description.trim();
  return first.length > FEEDBACK_LIMITS.title ? `${first.slice(0, FEEDBACK_LIMITS.title - 1)}…` : first;
}

/**
 * POST requests: a third-party client posts a report for one of its users. It becomes a public,
 * anonymous item on the wall exactly as one made in the app would (the same content check, no
 * community chosen, so street staff triage it), marked with the key's name as its source; the
 * reporter's own details are not kept (shared/open311.ts). The answer is the spec's list of one.
 */
export async function postOpen311Request({ ctx, input }: { ctx: Ctx; input: z.output<typeof Open311PostBodySchema> }) {
  const key = await useOpen311Key(ctx, input.api_key);
  const hasPoint = input.lat !== undefined && input.long !== undefined;
  if ((input.lat === undefined) !== (input.long === undefined)) throw invalidField(input.lat === undefined ? 'lat' : 'long', 'lat 与 long 须同时提供');
  if (!hasPoint && !input.address_string) {
    throw invalidField(input.address_id ? 'address_id' : 'address_string', input.address_id ? '本系统没有地址编号，请改用 address_string 或 lat/long' : '请提供 lat/long 或 address_string');
  }
  const title = titleOf(input.description);
  const location = input.address_string ?? null;
  await assertContentAllowed(ctx, [input.description, location]);
  const f = schema.feedbackItems;
  return ctx.db.transaction(async (tx) => {
    const code = await nextCode(tx, 'WT', ctx.now);
    const [row] = await tx
      .insert(f)
      .values({
        code,
        reporterId: null,
        reporterName: null,
        communityId: null,
        category: input.service_code,
        title,
        body: input.description,
        location,
        latitude: input.lat ?? null,
        longitude: input.long ?? null,
        isPublic: true,
        anonymous: true,
        source: key.name,
        status: 'submitted',
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning({ id: f.id, code: f.code });
    await countKeyUse(tx, ctx, key.id);
    await writeAudit(tx, ctx, { action: 'open311.request', targetType: 'feedback', targetId: row.id, detail: { keyId: key.id, source: key.name } });
    return [{ service_request_id: row.code, service_notice: '已收到，街道工作人员将尽快受理', account_id: null }];
  });
}
