import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { type OpenCasesRequest, segmentsFailed } from '#shared/scan/scan-run.ts';
import { synthesizedDefinition } from '../../infra/local/synthesized-stack.ts';
import { SEGMENTS_FAILED } from '../../workflows/scan-workflow.ts';
import type { AslStates } from '../helpers/synthesized-template.ts';

const definition = synthesizedDefinition('Scan');
const states = definition.States as AslStates;
const segmentStates = states.EachSegment!.ItemProcessor!.States;

/** An error as the Lambda integration reports it: its name is what Retry and Catch match. */
const lambdaError = (name: string, message: string) => Object.assign(new Error(message), { name });

const PHONE = '13912345678';

/**
 * The synthesized scan definition run by the Step Functions interpreter the local stack uses, with
 * the scan function replaced by one that fails as Lambda does; retry intervals set to nothing.
 */
async function runScan(segmentFails: (segment: number, attempt: number) => Error | undefined) {
  const attempts = new Map<number, number>();
  const opened: unknown[] = [];
  const machine = new StateMachine(
    definition as never,
    { validationOptions: { checkArn: false, checkPaths: true } } as never,
  );
  const run = machine.run(
    {
      runId: 'daily-2026-11-23T02:00:00+08:00',
      kind: 'daily',
      asOf: '2026-11-23T02:00:00+08:00',
      totalSegments: 4,
    } as never,
    {
      overrides: {
        taskResourceLocalHandlers: {
          ScanSegment: async (input: { segment: number; startKey?: unknown }) => {
            const attempt = (attempts.get(input.segment) ?? 0) + 1;
            attempts.set(input.segment, attempt);
            const error = segmentFails(input.segment, attempt);
            if (error) throw error;
            // Segment 1 outlasts one invocation: it returns where it stopped and is called again from there.
            if (input.segment === 1 && input.startKey === undefined)
              return { segment: 1, scanned: 10, nextKey: { customerId: 'C-10' } };
            return { segment: input.segment, scanned: 10 };
          },
          // As the scan function's opening step answers: its cases, and the segments that failed.
          OpenCases: async (input: OpenCasesRequest) => {
            opened.push(input);
            const failed = segmentsFailed(input.segmentResults);
            return { opened: 3, ...(failed ? { segmentsFailed: failed } : {}) };
          },
        },
        retryIntervalOverrides: { ScanSegment: 0, OpenCases: 0 },
      },
    } as never,
  );
  try {
    return { output: await run.result, attempts, opened };
  } catch (error) {
    const failure = (error as Error & { cause?: Error }).cause;
    return { failed: { error: failure?.name, cause: failure?.message ?? '' }, attempts, opened };
  }
}

describe('a scan run whose segment fails', () => {
  it("retries throttling and Lambda timeouts on each segment and opening task, within a task timeout above the function's", () => {
    for (const name of ['ScanSegment', 'OpenCases']) {
      const task = (name === 'ScanSegment' ? segmentStates : states)[name]!;
      const retried = task.Retry!.flatMap((retry) => retry.ErrorEquals);
      for (const error of [
        'Lambda.TooManyRequestsException',
        'Lambda.ServiceException',
        'Lambda.SdkClientException',
        'Sandbox.Timedout',
        'States.Timeout',
      ])
        expect(retried, `${name} retries ${error}`).toContain(error);
      for (const retry of task.Retry!) expect(retry.JitterStrategy, name).toBe('FULL');
      // The scan function's timeout is 15 minutes: Lambda ends it first, the task's timeout is the backstop.
      expect(task.TimeoutSeconds, name).toBe(15 * 60 + 60);
    }
  });

  it('goes on with the other segments, opens their cases, then fails naming the segment and its error, and no personal data', async () => {
    const { failed, attempts, opened } = await runScan((segment, attempt) => {
      if (segment === 0 && attempt === 1) return lambdaError('Lambda.TooManyRequestsException', 'Rate exceeded');
      // A cause may quote what the function was reading: it must not reach the run's record.
      if (segment === 2)
        return lambdaError('Sandbox.Timedout', `Task timed out after 900.00 seconds reading customer ${PHONE}`);
      return undefined;
    });
    // Throttled once, then scanned; timed out on every try (the first and two retries), then caught.
    expect(attempts.get(0)).toBe(2);
    expect(attempts.get(2)).toBe(3);
    // Segment 1 was called again from where it stopped.
    expect(attempts.get(1)).toBe(2);
    expect(opened).toHaveLength(1);
    expect(failed?.error).toBe(SEGMENTS_FAILED);
    expect(failed?.cause).toMatch(/^1 of 4 segments failed after their retries: segment 2 \(Sandbox.Timedout\)\. /);
    expect(failed?.cause).not.toContain(PHONE);
  });

  it('succeeds when every segment scanned, a throttled one after its retries', async () => {
    const { output, failed, opened } = await runScan((segment, attempt) =>
      segment === 3 && attempt <= 2 ? lambdaError('Lambda.TooManyRequestsException', 'Rate exceeded') : undefined,
    );
    expect(failed).toBeUndefined();
    expect(opened).toHaveLength(1);
    expect(
      (output as { segmentResults: Array<{ segment: number }> }).segmentResults.map((result) => result.segment),
    ).toEqual([0, 1, 2, 3]);
  });
});
