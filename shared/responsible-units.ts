import * as z from 'zod';

/**
 * A responsible party (责任主体) as staff write it may name several units:
 * "桂香社区居委会、石楠派出所". Figures are kept per unit, so each unit is counted for the
 * items it shares, and the 受理 form offers the units already in use.
 */
export function splitResponsibleParty(party: string | null | undefined): string[] {
  if (!party) return [];
  const units = party
    .split(/[、，,；;／/\n]+/)
    .map((u) => u.trim())
    .filter(Boolean);
  return [...new Set(units)];
}

/** The units back into one responsible party, as it is stored and shown. */
export const joinResponsibleUnits = (units: string[]) => units.join('、');

export const ResponsibleUnitListSchema = z.object({
  /** Every unit named on an item so far, most used first. */
  items: z.array(z.object({ name: z.string(), count: z.number().int() })),
});
