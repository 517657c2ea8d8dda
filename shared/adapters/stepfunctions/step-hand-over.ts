import { SendTaskFailureCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { handsOverAt, STEP_HANDED_OVER } from '../../cases/step-hand-over.ts';
import type { Policy } from '../../policy/policy-schema.ts';
import { withRetries } from '../aws-retry.ts';
import { CaseStore } from '../dynamodb/case-store.ts';
import { isTaskGone } from './task-gone.ts';

/**
 * After an escalation: when the case waits on a step its new level gives to another role, the
 * waiting task is failed with STEP_HANDED_OVER, so that the workflow asks the new owner now rather
 * than at the next missed deadline.
 */
export class StepHandOver {
  readonly #cases: CaseStore;
  readonly #sfn: SFNClient;
  readonly #policy: Policy;

  constructor(cases: CaseStore, sfn: SFNClient, policy: Policy) {
    this.#cases = cases;
    this.#sfn = sfn;
    this.#policy = policy;
  }

  async afterEscalation(customerId: string, alertId: string): Promise<'handed-over' | 'stays'> {
    const alert = await this.#cases.alert(customerId, alertId);
    const awaiting = CaseStore.awaitingOf(alert);
    if (alert === undefined || awaiting === undefined || !handsOverAt(this.#policy, awaiting, alert.level))
      return 'stays';
    try {
      await withRetries(() =>
        this.#sfn.send(
          new SendTaskFailureCommand({
            taskToken: awaiting.taskToken,
            error: STEP_HANDED_OVER,
            cause: `the case rose to level ${alert.level}`,
          }),
        ),
      );
      return 'handed-over';
    } catch (error) {
      // Answered, timed out or ended meanwhile: nothing waits to be handed over.
      if (isTaskGone(error)) return 'stays';
      throw error;
    }
  }
}
