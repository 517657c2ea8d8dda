import { z } from 'zod';
import { isoInstant } from '../customer/iso-instant.ts';
import type { QuarantinedCustomer } from './quarantined-customer.ts';

/**
 * A scan run, as the schedules start it (Art. 11): the daily scoring, the monthly full screening
 * that keeps the data of the monthly risk list, the weekly store summary.
 */
export const scanKind = z.enum(['daily', 'monthly', 'weekly']);
export type ScanKind = z.infer<typeof scanKind>;

export const segmentRequest = z
  .object({
    /** Stable for one scheduled run, so that a run delivered twice writes the same things. */
    runId: z.string().min(1).max(200),
    kind: scanKind,
    asOf: isoInstant,
    segment: z.number().int().min(0),
    totalSegments: z.number().int().min(1).max(1_000_000),
    /** Where the previous invocation stopped, when a segment takes longer than one invocation. */
    startKey: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((request) => request.segment < request.totalSegments, {
    message: 'must be below totalSegments',
    path: ['segment'],
  });
export type SegmentRequest = z.infer<typeof segmentRequest>;

export interface SegmentResult {
  runId: string;
  segment: number;
  scanned: number;
  /** Customers at level 0, 1, 2, 3. */
  byLevel: [number, number, number, number];
  raised: number;
  /** Queued alerts whose customer was no longer at risk: they left the queue without a case. */
  dequeued: number;
  /** New alerts at level 0 (none), 1, 2, 3: the "alerts by level" ops watch. */
  raisedByLevel: [number, number, number, number];
  escalated: number;
  /** Already at risk with an open alert at this level or higher. */
  kept: number;
  /** At risk, but within the quiet period after a refused or lost case. */
  quiet: number;
  /** Written by an earlier delivery of the same run. */
  alreadyDone: number;
  /** Case executions started for opened alerts that had none (a start that failed before). */
  casesStarted: number;
  /** Case executions that could not be started now; the next scan starts them. */
  casesPending: number;
  /**
   * Customers left out because their item could not be read or assessed (not in `scanned`), or
   * an alert of theirs could not be written (in `scanned`): recorded with the reason, the scan
   * went on with the others. The next run tries them again.
   */
  quarantined: number;
  /** The first of them (id, stage, field, reason; never a value from the item), for the log: the function returns the count only. */
  quarantine?: QuarantinedCustomer[];
  readUnits: number;
  /** Set when the invocation stopped early: call again from here. */
  nextKey?: Record<string, unknown>;
}

/**
 * The run's last step, after every segment has raised its alerts: opens the queued alerts the
 * owners have room for, across the whole chain (shared/scan/open-cases.ts).
 */
export const openCasesRequest = z.object({
  step: z.literal('open-cases'),
  runId: z.string().min(1).max(200),
  kind: scanKind,
  asOf: isoInstant,
  /**
   * What each segment of the run ended with, as the workflow's Map collected it: a segment that
   * failed after its retries carries `failed`, its error's name (workflows/scan-workflow.ts).
   */
  segmentResults: z
    .array(z.object({ segment: z.number().int().min(0), failed: z.string().max(200).optional() }))
    .max(1_000_000)
    .optional(),
});

/**
 * The run's failed segments in words, for the failed run's cause (and so for the alarm's reader,
 * `winback scan` and the ops page): numbers and error names only, nothing from a record.
 */
export function segmentsFailed(results: OpenCasesRequest['segmentResults']): string | undefined {
  const failed = (results ?? []).filter((result) => result.failed !== undefined);
  if (failed.length === 0) return undefined;
  const named = failed.map((result) => `segment ${result.segment} (${result.failed})`).join(', ');
  return `${failed.length} of ${results?.length} segments failed after their retries: ${named}. Their customers were not scanned by this run (the next run scans them); cases were opened from the other segments.`;
}
export type OpenCasesRequest = z.infer<typeof openCasesRequest>;

export interface OpenCasesResult {
  runId: string;
  /** Alerts waiting before this step, and the owners they wait for. */
  waiting: number;
  owners: number;
  /** Openings the plan made (capacity free for them). */
  planned: number;
  /** Opened and their case started by this invocation (or found started: a retried step). */
  opened: number;
  /** Opened, but the start failed: the next scan starts them. */
  pending: number;
  /** Planned but gone from the queue before it opened (customer came back, erased). */
  skipped: number;
  /** Planned, but kept queued because the account's SES quota could not carry their emails today (mailShareForNewCases). */
  heldForMail: number;
  /** Still queued after the plan (and after what the mail quota held back). */
  queued: number;
  /** Owners nobody holds (a staffing gap): their alerts wait until someone does. */
  unstaffed: string[];
  /** Open cases closed because their execution had ended outside the workflow. */
  reconciled: number;
  /** Alerts whose stored record does not parse: left alone, for ops to look at (named in the log, masked). */
  unreadable: number;
  /** Set when the invocation stopped early: call the step again (it plans afresh from what is stored). */
  more?: true;
  /** Set when a segment of the run failed after its retries (segmentsFailed): the run then fails with it. */
  segmentsFailed?: string;
}
