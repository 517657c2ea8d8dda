import { type SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { CaseStopper } from '../../privacy/erasure-plan.ts';
import { withRetries } from '../aws-retry.ts';

/**
 * Stops a case execution by its name (an erased customer's open case). Stopping one that has
 * already ended changes nothing and is no error, so a retry or a rerun is harmless; one that was
 * never started (its start failed) does not exist, which is fine too. The error and cause recorded
 * on the execution carry no personal data.
 */
export class StepFunctionsCaseStopper implements CaseStopper {
  readonly #sfn: SFNClient;
  readonly #stateMachineArn: string;

  constructor(sfn: SFNClient, stateMachineArn: string) {
    this.#sfn = sfn;
    this.#stateMachineArn = stateMachineArn;
  }

  /** arn:aws:states:REGION:ACCOUNT:stateMachine:MACHINE -> arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME */
  static executionArn(stateMachineArn: string, executionName: string): string {
    return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
  }

  async stop(executionName: string): Promise<'stopped' | 'not-started'> {
    try {
      await withRetries(() =>
        this.#sfn.send(
          new StopExecutionCommand({
            executionArn: StepFunctionsCaseStopper.executionArn(this.#stateMachineArn, executionName),
            error: 'Winback.CustomerErased',
            cause: 'the customer asked for their data to be erased',
          }),
        ),
      );
      return 'stopped';
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return 'not-started';
      throw error;
    }
  }
}
