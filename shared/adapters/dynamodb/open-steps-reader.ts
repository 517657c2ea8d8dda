import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awaitingRecord, CaseRecordError, caseRecord, maskedCaseKey } from '../../cases/case-record.ts';
import { type OpenStep, openStepOf } from '../../digest/staff-digest.ts';
import type { TableNames } from '../table-specs.ts';
import { readOpenWork } from './open-work-reader.ts';

/** An open case waiting on someone: the part of the case record the read projects, with its waiting step. */
const waitingCase = caseRecord
  .pick({ customerId: true, alertId: true, storeId: true, level: true, status: true })
  .extend({ awaiting: awaitingRecord });

/**
 * The steps open cases wait on now, each with its case's keys: what the morning digest lists. A
 * step already answered (its answer on the way to the workflow) is left out. A record that does
 * not parse is named in `unreadable` (the customer masked, with the fields at fault), never
 * blocking the others.
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
        unreadable.push(new CaseRecordError(maskedCaseKey(item), parsed.error.issues).message);
        continue;
      }
      const step = openStepOf(parsed.data);
      if (step !== undefined) steps.push(step);
    }
    return { steps, unreadable, alerts };
  }
}
