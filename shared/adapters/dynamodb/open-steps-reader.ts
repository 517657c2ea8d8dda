import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { OpenStep } from '../../digest/staff-digest.ts';
import { awaitingRecord } from '../../links/step-link.ts';
import type { TableNames } from '../table-specs.ts';
import { readOpenWork } from './open-work-reader.ts';

/** An open case waiting on someone, as the Alerts table stores it. */
const waitingCase = z.object({
  customerId: z.string(),
  alertId: z.string(),
  storeId: z.string(),
  level: z.number().int(),
  awaiting: awaitingRecord,
});

/**
 * The steps open cases wait on now, each with its case's keys: what the morning digest lists. A
 * step already answered (its answer on the way to the workflow) is left out. Records that do not
 * parse are named (customer id masked by the caller), never blocking the others.
 */
export class OpenStepsReader {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async steps(): Promise<{ steps: OpenStep[]; unreadable: string[] }> {
    const { steps, unreadable } = await this.work();
    return { steps, unreadable };
  }

  /** The open steps, and the queued and open alerts as stored (for the lines of the work queue), in one read. */
  async work(): Promise<{ steps: OpenStep[]; unreadable: string[]; alerts: Array<Record<string, unknown>> }> {
    const alerts = await readOpenWork(this.#doc, this.#tables, { consistent: false, withAwaiting: true });
    const steps: OpenStep[] = [];
    const unreadable: string[] = [];
    for (const item of alerts) {
      if (item.awaiting === undefined || item.status === 'queued') continue;
      const parsed = waitingCase.safeParse(item);
      if (!parsed.success) {
        unreadable.push(`${String(item.customerId ?? '?')}#${String(item.alertId ?? '?')}`);
        continue;
      }
      const { awaiting, ...keys } = parsed.data;
      if (awaiting.pending !== undefined || awaiting.dueBy === undefined) continue;
      steps.push({
        ...keys,
        step: awaiting.step,
        personId: awaiting.personId,
        linkId: awaiting.linkId,
        round: awaiting.round,
        revision: awaiting.revision,
        ...(awaiting.step === 'approval' && awaiting.role ? { approverRole: awaiting.role } : {}),
        dueBy: awaiting.dueBy,
        firstAskedAt: awaiting.firstAskedAt ?? awaiting.dueBy,
      });
    }
    return { steps, unreadable, alerts };
  }
}
