import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  // The unit tests share a worker: what a test sets in the environment, it puts back.
  vi.unstubAllEnvs();
});

/** A line of CloudWatch's embedded metric format: what the metrics are under `_aws`, their values and dimensions beside. */
type MetricLine = Record<string, unknown> & { _aws?: { CloudWatchMetrics: unknown } };

describe('the case funnel metrics (CloudWatch embedded metric format)', () => {
  it("counts a closed case once, with its outcome as a dimension, apart from the invocation's other metrics", async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'winback');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const { countCaseClosed } = await import('../../functions/case-closed-metric.ts');
    countCaseClosed('recovered');
    const emitted = lines
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as MetricLine)
      .filter((entry) => entry._aws);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ CasesClosed: 1, outcome: 'recovered', service: 'winback' });
    expect(emitted[0]?._aws?.CloudWatchMetrics).toEqual([
      { Namespace: 'Winback', Dimensions: [['service', 'outcome']], Metrics: [{ Name: 'CasesClosed', Unit: 'Count' }] },
    ]);
  });
});
