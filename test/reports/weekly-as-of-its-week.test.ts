import { describe, expect, it } from 'vitest';
import { type WeeklyAlert, weeklySummary } from '#shared/reports/weekly-summary.ts';

const at = (day: string) => `2026-11-${day}T10:00:00+08:00`;
const alert = (alertId: string, fields: Partial<WeeklyAlert>): WeeklyAlert => ({
  customerId: `C-${alertId}`,
  alertId,
  storeId: 'S1',
  level: 1,
  identifiedAt: at('10'),
  status: 'open',
  ...fields,
});

// One store's alerts as they stand today, 27 November: some were open or waiting in a past week and are not now.
const alerts: WeeklyAlert[] = [
  alert('closed-since', { openedAt: at('10'), status: 'recovered', closedAt: at('20') }),
  alert('waited-then-opened', { identifiedAt: at('12'), openedAt: at('25') }),
  alert('raised-later', { identifiedAt: at('20'), openedAt: at('21') }),
  alert('dequeued', { status: 'dequeued', closedAt: at('14') }),
  alert('failed', { openedAt: at('11'), status: 'failed', failedAt: at('13') }),
  // Closed, but written before the closing time was kept: not open in any week.
  alert('closed-long-ago', { status: 'recovered' }),
  // Raised before the work queue existed: its case opened as it was raised.
  alert('before-the-queue', { identifiedAt: at('02'), status: 'lost', closedAt: at('30') }),
];

describe('the weekly summary of a past week', () => {
  it("counts the cases open and the alerts waiting at that week's end, not today", () => {
    const [row] = weeklySummary(alerts, [], ['S1'], { start: '2026-11-09', end: '2026-11-16', nextEnd: '2026-11-23' });
    expect(row).toMatchObject({ openCases: 2, queued: 1, newByLevel: [5, 0, 0] });
  });

  it('counts the current week as it stands', () => {
    const [row] = weeklySummary(alerts, [], ['S1'], { start: '2026-11-23', end: '2026-11-30', nextEnd: '2026-12-07' });
    // The case closed on the 30th was still open when the week ended at its start.
    expect(row).toMatchObject({ openCases: 3, queued: 0, newByLevel: [0, 0, 0] });
  });
});
