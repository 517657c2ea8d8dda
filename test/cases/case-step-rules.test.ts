import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#shared/calendar/working-calendar.ts';
import { quietAfterClose } from '#shared/cases/case-close.ts';
import { approvalsOn, approverOn } from '#shared/cases/execute-plan.ts';
import { dueWhenAsked } from '#shared/cases/step-deadline.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { storedCase } from '../helpers/case-fixtures.ts';

const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
const calendar = new WorkingCalendar(policy.calendar, clock);
const format = (ms: number) => clock.formatInstant(ms);
/** A Friday morning in November 2026. */
const FRIDAY = Date.parse('2026-11-27T10:00:00+08:00');

describe('the quiet period a closed case leaves its customer in', () => {
  it("after a lost case or a false alarm, holds back alerts at the case's level for the policy's days", () => {
    expect(quietAfterClose(policy, 'lost', 2, FRIDAY, format)).toEqual({
      until: format(FRIDAY + policy.deadlines.quietDaysAfterClose.lost * 86_400_000),
      level: 2,
      outcome: 'lost',
    });
    expect(quietAfterClose(policy, 'false_alarm', 1, FRIDAY, format)).toMatchObject({ level: 1 });
  });

  it('after a refusal, holds back alerts at every level', () => {
    expect(quietAfterClose(policy, 'refused', 1, FRIDAY, format)).toMatchObject({ level: 3, outcome: 'refused' });
  });

  it('leaves a recovered customer, or one the policy gives no quiet days, free at once', () => {
    expect(quietAfterClose(policy, 'recovered', 1, FRIDAY, format)).toBeUndefined();
    const noQuiet = {
      deadlines: { ...policy.deadlines, quietDaysAfterClose: { refused: 0, lost: 0, false_alarm: 0 } },
    };
    expect(quietAfterClose(noQuiet, 'refused', 1, FRIDAY, format)).toBeUndefined();
  });
});

describe('when a step asked again is due', () => {
  it('gives a response plan its hours again, an approval its working days, a missed contact one more working day', () => {
    expect(dueWhenAsked(policy, calendar, 'response_plan', FRIDAY)).toBe(
      FRIDAY + policy.deadlines.responsePlanHours * 3_600_000,
    );
    expect(dueWhenAsked(policy, calendar, 'approval', FRIDAY)).toBe(
      calendar.deadlineAfter(FRIDAY, policy.deadlines.approvalWorkingDays),
    );
    // Friday's missed contact is due at the end of Monday, not over the weekend.
    expect(format(dueWhenAsked(policy, calendar, 'contact', FRIDAY))).toBe('2026-12-01T00:00:00+08:00');
  });
});

describe("the approvals a case's benefit has", () => {
  it('are read from each approver’s answer kept on the case, with who gave them', () => {
    const record = storedCase({
      approval_deputy_gm: { decision: 'approve', by: 'dgm' },
      approval_gm: { decision: 'reject', by: 'gm-zhou' },
    });
    expect(approvalsOn(record)).toEqual({ deputy_gm: 'approve', gm: 'reject' });
    expect(approverOn(record, 'gm')).toBe('gm-zhou');
  });

  it('are none on a case nobody approved yet, and a decision without its person is the role’s', () => {
    expect(approvalsOn(storedCase())).toEqual({});
    expect(approverOn(storedCase({ approval_gm: { decision: 'reject' } }), 'gm')).toBe('gm');
  });
});
