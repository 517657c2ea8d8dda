import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type CaseStart, type CaseStarter, caseExecutionName, caseInput } from '../../cases/case-start.ts';
import { withRetries } from '../aws-retry.ts';

/**
 * Starts one Standard execution per alert, named after it. StartExecution is idempotent only
 * while the same-named execution runs with the same input; any other repeat answers
 * ExecutionAlreadyExists, which here means the case is already under way (or done).
 */
export class StepFunctionsCaseStarter implements CaseStarter {
  readonly #sfn: SFNClient;
  readonly #stateMachineArn: string;

  constructor(sfn: SFNClient, stateMachineArn: string) {
    this.#sfn = sfn;
    this.#stateMachineArn = stateMachineArn;
  }

  async start(alert: CaseStart): Promise<'started' | 'already-started'> {
    try {
      await withRetries(() =>
        this.#sfn.send(
          new StartExecutionCommand({
            stateMachineArn: this.#stateMachineArn,
            name: caseExecutionName(alert),
            input: JSON.stringify(caseInput(alert)),
          }),
        ),
      );
      return 'started';
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }
}
