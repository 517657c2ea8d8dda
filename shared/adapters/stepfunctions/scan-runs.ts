import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ScanKind } from '../../scan/scan-run.ts';

export interface ScanRunRequest {
  kind: ScanKind;
  /** Epoch ms the customers are scored as of. */
  asOf: number;
  totalSegments: number;
}

/**
 * Starts a scan run by hand (`winback scan`, the local stack's first scan), with the input the
 * schedules send. Its run id names it as manual, so it never collides with a scheduled run.
 */
export async function startScanRun(
  sfn: SFNClient,
  stateMachineArn: string,
  request: ScanRunRequest,
): Promise<{ executionArn: string; runId: string }> {
  const asOf = new Date(request.asOf).toISOString();
  const runId = `${request.kind}-manual-${asOf}`;
  const name = runId.replace(/[^A-Za-z0-9_-]/g, '-');
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn,
      name,
      input: JSON.stringify({ runId, kind: request.kind, asOf, totalSegments: request.totalSegments }),
    }),
  );
  return { executionArn: executionArn ?? '', runId };
}

/** Polls an execution until it stops running (a scan takes seconds to minutes). */
export async function executionResult(
  sfn: SFNClient,
  executionArn: string,
  pollMs = 500,
): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') return execution;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
