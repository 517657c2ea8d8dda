import { SFNClient } from '@aws-sdk/client-sfn';
import {
  CaseStopperMissingError,
  CustomerErasure,
  type ErasureResult,
} from '#shared/adapters/dynamodb/customer-erasure.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { StepFunctionsCaseStopper } from '#shared/adapters/stepfunctions/case-stopper.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { type CaseStopper, checkErasable, describeCounts, NotErasableError } from '#shared/privacy/erasure-plan.ts';
import { resultWindowsOf } from '#shared/privacy/kept-result-facts.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { DEFAULT_LOCAL_DATA_DIR, runningLocalStack, useLocalStack } from './local-stack-target.ts';
import { loadPolicyOption } from './policy-option.ts';
import { resolveTables } from './tables-option.ts';
import { UsageError } from './usage-error.ts';

export interface EraseOptions {
  /** The operator who asked: kept on the erasure record. */
  by?: string;
  /** The confirmation: an erasure cannot be undone. */
  yes?: boolean;
  policy?: string;
  tablePrefix?: string;
  dataDir?: string;
  stateMachineArn?: string;
}

/**
 * `winback erase CUSTOMER_ID --by OPERATOR --yes`: erases a customer on request (SPEC section 8)
 * in the tables the other commands use, stopping an open case on the case state machine of AWS
 * (--state-machine-arn or CASE_STATE_MACHINE_ARN) or of the running local stack. Prints what was
 * deleted and anonymised as counts; the customer appears masked only. Running it again finishes
 * an erasure that stopped half way, and changes nothing after one that finished.
 */
export async function eraseCommand(
  customerId: string,
  options: EraseOptions,
  log: (line: string) => void,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<ErasureResult> {
  try {
    checkErasable(customerId);
  } catch (error) {
    if (error instanceof NotErasableError) throw new UsageError(`erase: ${error.message}`);
    throw error;
  }
  const by = options.by?.trim() ?? '';
  if (by === '')
    throw new UsageError('erase: --by: name the operator who handles the request (it is kept on the erasure record)');
  if (options.yes !== true)
    throw new UsageError(
      `erase: this deletes and anonymises everything about ${maskedCustomer(customerId)} and cannot be undone; add --yes to go ahead`,
    );
  const policy = await loadPolicyOption(options.policy);
  const tables = await resolveTables(options, log);
  const stopper = await caseStopper(options);
  const erasure = new CustomerErasure(documentClient(), tables, {
    clock: new ZonedClock(policy.timeZone),
    windows: resultWindowsOf(policy),
    ...stopper,
  });
  let result: ErasureResult;
  try {
    result = await erasure.erase(customerId, { by, via: 'cli' });
  } catch (error) {
    if (error instanceof CaseStopperMissingError)
      throw new UsageError(
        `erase: ${error.message}: pass --state-machine-arn (or set CASE_STATE_MACHINE_ARN), or run it with the local stack up`,
      );
    log(`erase: stopped before the end (${(error as Error).name}); run the same command again to finish the erasure`);
    throw error;
  }
  if (result.outcome === 'nothing-held') {
    print(`nothing held about ${maskedCustomer(customerId)}: never known, or erased before; nothing was changed`);
  } else {
    print(
      `erased ${maskedCustomer(customerId)}${result.resumed ? ' (an erasure stopped half way, now finished)' : ''}: erasure ${result.erasureId}`,
    );
    print(describeCounts(result.counts));
  }
  return result;
}

/**
 * The case state machine: named, in the environment, or that of the running local stack when the
 * tables are its own; none otherwise (a customer with an open case is then refused, unchanged).
 */
async function caseStopper(options: EraseOptions): Promise<{ cases?: CaseStopper }> {
  let stateMachineArn = options.stateMachineArn ?? (process.env.CASE_STATE_MACHINE_ARN || undefined);
  if (stateMachineArn === undefined) {
    const local = await runningLocalStack(options.dataDir ?? DEFAULT_LOCAL_DATA_DIR);
    const itsTables =
      options.tablePrefix === undefined
        ? process.env.CUSTOMERS_TABLE === undefined
        : options.tablePrefix === local?.tablePrefix;
    if (local === undefined || !itsTables) return {};
    useLocalStack(local);
    stateMachineArn = local.stateMachines.case;
  }
  return { cases: new StepFunctionsCaseStopper(new SFNClient({ maxAttempts: 5 }), stateMachineArn) };
}
