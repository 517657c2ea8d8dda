import { describe, expect, it } from 'vitest';
import { mailBudget } from '#shared/queue/mail-budget.ts';

const policy = { startsPerSecond: 5, mailShareForNewCases: 0.5 };

describe("the cases a scan opens within the account's SES limits", () => {
  it('opens in the SES sandbox no more than half of what is left of its 200 a day, at half its one email a second', () => {
    // 60 sent already today: 140 left, 70 for new cases, two emails each.
    expect(mailBudget({ max24HourSend: 200, sentLast24Hours: 60, maxSendRate: 1 }, policy)).toEqual({
      casesAtMost: 35,
      startsPerSecond: 0.25,
    });
  });

  it("keeps the policy's pace under a production quota, and bounds the day far above any chain's capacity", () => {
    expect(mailBudget({ max24HourSend: 50_000, sentLast24Hours: 1_000, maxSendRate: 14 }, policy)).toEqual({
      casesAtMost: 12_250,
      startsPerSecond: 3.5,
    });
    expect(mailBudget({ max24HourSend: 50_000, sentLast24Hours: 0, maxSendRate: 100 }, policy).startsPerSecond).toBe(5);
  });

  it('opens nothing when the day is used up, and never a negative number', () => {
    expect(mailBudget({ max24HourSend: 200, sentLast24Hours: 230, maxSendRate: 1 }, policy).casesAtMost).toBe(0);
  });

  it('leaves the pace to the policy when SES does not say (a local run, a failed read)', () => {
    expect(mailBudget(undefined, policy)).toEqual({ casesAtMost: undefined, startsPerSecond: 5 });
  });
});
