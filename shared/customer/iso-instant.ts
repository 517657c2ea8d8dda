import { z } from 'zod';
import { ISO_INSTANT } from '../time/zoned-clock.ts';

/** An ISO-8601 instant with an explicit offset, kept as text (the record as received) and checked to parse. */
export const isoInstant = z
  .string()
  .regex(ISO_INSTANT, 'expected an ISO-8601 date-time with an offset, e.g. 2026-11-23T14:30:00+08:00')
  .refine((text) => !Number.isNaN(Date.parse(text)), 'not a real date-time');
