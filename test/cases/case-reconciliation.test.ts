import { describe, expect, it } from 'vitest';
import { reconcileCase } from '#shared/cases/case-reconciliation.ts';

const now = Date.parse('2026-11-27T10:00:00Z');
const startedAt = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
const GRACE = 15 * 60_000;

describe('an open case whose execution is not running (reconciliation)', () => {
  it('is closed with the execution status as its reason when the execution ended outside the workflow', () => {
    for (const status of ['ABORTED', 'FAILED', 'TIMED_OUT', 'SUCCEEDED'] as const) {
      expect(reconcileCase({ status: 'in_progress', caseStartedAt: startedAt(60) }, status, now, GRACE)).toEqual({
        action: 'close',
        reason: `case ended outside its workflow: ${status}`,
      });
    }
  });

  it('is closed when its execution is gone, once a start had time to be recorded', () => {
    expect(reconcileCase({ status: 'open', caseStartedAt: startedAt(60) }, 'MISSING', now, GRACE)).toMatchObject({
      action: 'close',
      reason: expect.stringContaining('no longer exists'),
    });
    expect(reconcileCase({ status: 'open', caseStartedAt: startedAt(1) }, 'MISSING', now, GRACE)).toEqual({
      action: 'keep',
    });
  });

  it('is left alone while it runs, before it was started, and once it is closed', () => {
    expect(reconcileCase({ status: 'in_progress', caseStartedAt: startedAt(60) }, 'RUNNING', now, GRACE)).toEqual({
      action: 'keep',
    });
    expect(reconcileCase({ status: 'open' }, 'MISSING', now, GRACE)).toEqual({ action: 'keep' });
    expect(reconcileCase({ status: 'recovered', caseStartedAt: startedAt(60) }, 'SUCCEEDED', now, GRACE)).toEqual({
      action: 'keep',
    });
    expect(reconcileCase({ status: 'queued' }, 'MISSING', now, GRACE)).toEqual({ action: 'keep' });
  });
});
