import { SFNClient } from '@aws-sdk/client-sfn';
import { executionResult, startScanRun } from '#shared/adapters/stepfunctions/scan-runs.ts';
import { scanKind } from '#shared/scan/scan-run.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { DEFAULT_LOCAL_DATA_DIR, runningLocalStack, useLocalStack } from './local-stack-target.ts';
import { UsageError } from './usage-error.ts';

export interface ScanOptions {
  kind: string;
  stateMachineArn?: string;
  segments: string;
  dataDir?: string;
  wait?: boolean;
}

/**
 * `winback scan`: a scan run now, on the scan state machine of AWS (--state-machine-arn or
 * SCAN_STATE_MACHINE_ARN) or else of the local stack running from the data folder.
 */
export async function scanCommand(options: ScanOptions, log: (line: string) => void): Promise<void> {
  const kind = scanKind.safeParse(options.kind);
  if (!kind.success) throw new UsageError(`--kind: expected daily, monthly or weekly, got "${options.kind}"`);
  const totalSegments = Number(options.segments);
  if (!Number.isInteger(totalSegments) || totalSegments < 1)
    throw new UsageError(`--segments: expected a whole number from 1, got "${options.segments}"`);
  let stateMachineArn = options.stateMachineArn ?? process.env.SCAN_STATE_MACHINE_ARN;
  let asOf = policyNow();
  if (stateMachineArn === undefined) {
    const local = await runningLocalStack(options.dataDir ?? DEFAULT_LOCAL_DATA_DIR);
    if (local === undefined)
      throw new UsageError(
        'no scan state machine: pass --state-machine-arn (or set SCAN_STATE_MACHINE_ARN), or start the local stack with `npm start`',
      );
    useLocalStack(local);
    stateMachineArn = local.stateMachines.scan;
    // The local stack's clock may run fast: scan as of its policy time, which its ops page shows.
    asOf = await localPolicyTime(local.urls.api, asOf);
    log(`scanning the local stack (${local.urls.stepFunctions})`);
  }
  const sfn = new SFNClient({});
  const { executionArn, runId } = await startScanRun(sfn, stateMachineArn, { kind: kind.data, asOf, totalSegments });
  log(`started ${runId}: ${executionArn}`);
  if (options.wait === false) return;
  const done = await executionResult(sfn, executionArn);
  log(`${done.status}${done.error ? `: ${done.error} ${done.cause ?? ''}` : ''}`);
  if (done.status !== 'SUCCEEDED') process.exitCode = 1;
}

async function localPolicyTime(apiUrl: string, fallback: number): Promise<number> {
  try {
    const clock = (await (await fetch(`${apiUrl}/ops/clock`)).json()) as { now?: number };
    return typeof clock.now === 'number' ? clock.now : fallback;
  } catch {
    return fallback;
  }
}
