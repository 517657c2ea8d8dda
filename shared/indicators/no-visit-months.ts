import { z } from 'zod';
import { formatMonth } from '../time/civil-day.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

export const noVisitMonths = defineIndicatorKind({
  kind: 'no_visit_months',
  description: 'No visit in the N complete calendar months before the as-of month nor in the as-of month so far.',
  thresholds: z.object({ months: z.number().int().min(1).max(24) }).strict(),
  bind({ months }, asOf) {
    const firstQuietMonth = asOf.month - months;
    const quietSince = asOf.monthStart(firstQuietMonth);
    const span = `${formatMonth(firstQuietMonth)} to ${formatMonth(asOf.month)}`;
    return {
      fires: ({ state }) => state.visits.last !== null && state.visits.last.at < quietSince,
      explain: ({ state }) =>
        `no visit from ${span} (${months} full months and this month so far); last visit ${asOf.date(state.visits.last?.at ?? 0)}`,
    };
  },
});
