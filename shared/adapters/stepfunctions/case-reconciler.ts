import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import pMap from 'p-map';
import { RECONCILED_KEY } from '../../cases/audit-keys.ts';
import { CASE_ENDED_OUTSIDE, type ExecutionState, reconcileCase } from '../../cases/case-reconciliation.ts';
import type { ZonedClock } from '../../time/zoned-clock.ts';
import { withRetries } from '../aws-retry.ts';
import type { CaseStore } from '../dynamodb/case-store.ts';
import { StepFunctionsCaseStopper } from './case-stopper.ts';

export interface OpenCase {
  customerId: string;
  alertId: string;
  status: string;
  executionName?: string | undefined;
  caseStartedAt?: string | undefined;
}

/** A start this recent whose execution is not found yet is left alone: it may still be on its way. */
const GRACE_MS = 15 * 60_000;

/**
 * Closes open cases whose execution is not running any more (see reconcileCase): status `failed`
 * with the reason, an audit entry, and the customer freed for a new alert. Each case is looked up
 * on its own (DescribeExecution), a few at a time; closing is conditional, so two sweeps at once
 * close a case once.
 */
export class CaseReconciler {
  readonly #sfn: SFNClient;
  readonly #stateMachineArn: string;
  readonly #cases: CaseStore;
  readonly #clock: ZonedClock;

  constructor(sfn: SFNClient, stateMachineArn: string, cases: CaseStore, clock: ZonedClock) {
    this.#sfn = sfn;
    this.#stateMachineArn = stateMachineArn;
    this.#cases = cases;
    this.#clock = clock;
  }

  async sweep(
    open: readonly OpenCase[],
    now = Date.now(),
  ): Promise<{ checked: number; closed: Array<{ customerId: string; alertId: string; reason: string }> }> {
    const closed: Array<{ customerId: string; alertId: string; reason: string }> = [];
    const started = open.filter((entry) => entry.executionName !== undefined && entry.caseStartedAt !== undefined);
    await pMap(
      started,
      async (entry) => {
        const decision = reconcileCase(entry, await this.#state(entry.executionName as string), now, GRACE_MS);
        if (decision.action === 'keep') return;
        const at = this.#clock.formatInstant(now);
        const close = (freeCustomer: boolean) =>
          this.#cases.update(
            entry.customerId,
            entry.alertId,
            'failed',
            {
              closedAt: at,
              outcomeReason: decision.reason,
              failure: { error: CASE_ENDED_OUTSIDE, cause: decision.reason },
            },
            { step: RECONCILED_KEY, at, actor: 'system', what: `closed: ${decision.reason}` },
            freeCustomer,
          );
        try {
          await close(true);
        } catch (error) {
          // The customer's file no longer points at this case (freed, or erased): close the case alone.
          if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
          await close(false);
        }
        closed.push({ customerId: entry.customerId, alertId: entry.alertId, reason: decision.reason });
      },
      { concurrency: 4 },
    );
    return { checked: started.length, closed };
  }

  async #state(executionName: string): Promise<ExecutionState> {
    try {
      const { status } = await withRetries(() =>
        this.#sfn.send(
          new DescribeExecutionCommand({
            executionArn: StepFunctionsCaseStopper.executionArn(this.#stateMachineArn, executionName),
          }),
        ),
      );
      return (status ?? 'MISSING') as ExecutionState;
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return 'MISSING';
      throw error;
    }
  }
}
