import { z } from 'zod';

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/**
 * An alert as the work queue reads it from the Alerts table: waiting (`queued`) or with its case
 * open (`open`, `in_progress`). Stored records are parsed, not trusted; alerts raised before the
 * queue existed have no priority and no opening date.
 */
export const queueEntrySchema = z
  .object({
    customerId: z.string().min(1),
    alertId: z.string().min(1),
    storeId: z.string().min(1),
    level,
    identifiedAt: z.string().min(1),
    status: z.enum(['queued', 'open', 'in_progress']),
    priority: z.number().min(0).default(0),
    /** When the alert left the queue for its case: the owner's day of intake counts it. */
    openedAt: z.string().optional(),
    /** Its case's execution, once started (reconciliation looks it up). */
    executionName: z.string().optional(),
    caseStartedAt: z.string().optional(),
    /** The first entry is the level it was raised at, which names its case execution. */
    levelHistory: z.array(z.object({ level })).optional(),
  })
  .transform(({ levelHistory, status, ...alert }) => ({
    ...alert,
    state: status === 'queued' ? ('queued' as const) : ('open' as const),
    raisedLevel: levelHistory?.[0]?.level ?? alert.level,
  }));

export type QueueEntry = z.output<typeof queueEntrySchema>;
