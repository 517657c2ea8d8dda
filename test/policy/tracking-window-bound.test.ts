import { describe, expect, it } from 'vitest';
import { parsePolicy } from '#shared/policy/parse-policy.ts';
import { PolicyError } from '#shared/policy/policy-error.ts';
import { STANDARD_EXECUTION_DAYS, trackingWindowMaxDays } from '#shared/policy/policy-schema.ts';
import { PRESETS } from '#shared/policy/presets/preset-catalog.ts';

const scriptKill = PRESETS['script-kill']!;
const withDeadlines = (deadlines: Record<string, unknown>) => ({
  ...scriptKill,
  deadlines: { ...scriptKill.deadlines, ...deadlines },
});

function issuesOf(document: unknown) {
  try {
    parsePolicy(document, 'chain.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.issues;
    throw error;
  }
  return [];
}

describe("the tracking window fits one case execution's year", () => {
  it('takes every preset as it is', () => {
    for (const [name, preset] of Object.entries(PRESETS)) expect(issuesOf(preset), name).toEqual([]);
  });

  it('leaves room in the year for every other deadline with all its reminders, counted safely', () => {
    const max = trackingWindowMaxDays(parsePolicy(scriptKill, 'script-kill').deadlines);
    // By hand for script-kill: working days 1 (delivery) + 5 + 4 (first contact, reminders) + 2 x 2 x 5 (two approvals)
    // + 3 + 4 (loss reason) = 37, as 52 calendar days, 16 of holidays, 5 for 24-hour plans asked 5 times, 7 for the
    // last follow-up after the window: 80 days.
    expect(max).toBe(STANDARD_EXECUTION_DAYS - 80);
    expect(issuesOf(withDeadlines({ trackingWindowDays: max }))).toEqual([]);
  });

  it('refuses a window one day longer, naming the field and the bound', () => {
    const max = trackingWindowMaxDays(parsePolicy(scriptKill, 'script-kill').deadlines);
    expect(issuesOf(withDeadlines({ trackingWindowDays: max + 1 }))).toEqual([
      {
        field: 'deadlines.trackingWindowDays',
        message: expect.stringMatching(
          new RegExp(
            `^must be at most ${max}: a case is one Step Functions Standard execution, which lives at most 365 days`,
          ),
        ),
      },
    ]);
  });

  it('tightens as the other deadlines grow, and says so when they leave no room at all', () => {
    const max = trackingWindowMaxDays(parsePolicy(scriptKill, 'script-kill').deadlines);
    expect(issuesOf(withDeadlines({ trackingWindowDays: max, approvalWorkingDays: 10 }))[0]?.field).toBe(
      'deadlines.trackingWindowDays',
    );
    expect(issuesOf(withDeadlines({ trackingWindowDays: 30, followUpEveryDays: { 1: 400, 2: 3, 3: 3 } }))).toEqual([
      { field: 'deadlines.trackingWindowDays', message: expect.stringContaining('no room for tracking') },
    ]);
  });
});
