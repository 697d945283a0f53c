import * as z from 'zod';

const WeekCountSchema = z.object({ weekStart: z.string(), count: z.number().int() });
const MonthHoursSchema = z.object({ month: z.string(), hours: z.number() });

export const DashboardSchema = z.object({
  /** null for street staff (every community); otherwise the one community counted. */
  communityId: z.string().nullable(),
  generatedAt: z.string(),
  openOrders: z.number().int(),
  ordersAwaitingDispatch: z.number().int(),
  openFeedback: z.number().int(),
  newFeedback: z.number().int(),
  overdueFeedback: z.number().int(),
  shiftsToday: z.number().int(),
  shiftsThisWeek: z.number().int(),
  /** Shifts this week with fewer confirmed volunteers than places. */
  shiftGaps: z.number().int(),
  hoursThisYear: z.number(),
  series: z.object({
    ordersPerWeek: z.array(WeekCountSchema),
    feedbackPerWeek: z.array(WeekCountSchema),
    feedbackByCategory: z.array(z.object({ category: z.string(), name: z.string(), count: z.number().int() })),
    onTimeRateByParty: z.array(
      z.object({
        responsibleParty: z.string(),
        count: z.number().int(),
        /** Items whose deadline has passed or that were resolved against one: the rate's denominator. */
        due: z.number().int(),
        onTime: z.number().int(),
        onTimeRate: z.number().nullable(),
      }),
    ),
    volunteerHoursPerMonth: z.array(MonthHoursSchema),
    /** The twelve months' hours rounded once from minutes (the months' rounded values may add up to 0.1 off). */
    volunteerHoursTotal: z.number(),
  }),
  /** Short queues for the desk: the first few items of each, oldest first. */
  queues: z.object({
    newFeedback: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), category: z.string(), createdAt: z.string() })),
    overdueFeedback: z.array(
      z.object({ id: z.string(), code: z.string(), title: z.string(), responsibleParty: z.string().nullable(), deadline: z.string() }),
    ),
    awaitingDispatch: z.array(z.object({ id: z.string(), code: z.string(), serviceTitle: z.string(), description: z.string(), createdAt: z.string() })),
    shifts: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        postType: z.string(),
        location: z.string(),
        startsAt: z.string(),
        endsAt: z.string(),
        capacity: z.number().int(),
        confirmedCount: z.number().int(),
        today: z.boolean(),
      }),
    ),
  }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;
