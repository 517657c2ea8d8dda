import { z } from 'zod';
import { parseDay } from '../time/civil-day.ts';
import { ISO_INSTANT } from '../time/zoned-clock.ts';

/** Date.parse takes 2026-11-31 for 1 December: check every part is a real calendar value. */
function isRealInstant(text: string): boolean {
  const [date = '', rest = ''] = text.split('T');
  const [hours, minutes, seconds = '0'] = rest.replace(/(Z|[+-]\d{2}:\d{2})$/, '').split(':');
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(rest);
  return (
    parseDay(date) !== undefined &&
    Number(hours) <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) < 60 &&
    (offset === null || (Number(offset[2]) <= 14 && Number(offset[3]) <= 59)) &&
    !Number.isNaN(Date.parse(text))
  );
}

/** An ISO-8601 instant with an explicit offset, kept as text (the record as received) and checked to be real. */
export const isoInstant = z
  .string()
  .regex(ISO_INSTANT, {
    message: 'expected an ISO-8601 date-time with an offset, e.g. 2026-11-23T14:30:00+08:00',
    abort: true,
  })
  .refine(isRealInstant, 'not a real date-time');
