import type { ScanKind } from './scan-run.ts';

/**
 * When scans run (Art. 11), in the policy's time zone: the one definition the CDK stack deploys
 * as EventBridge Scheduler schedules and the local runtime runs on its clock.
 */
export interface ScanSchedule {
  id: string;
  kind: ScanKind;
  description: string;
  /** Cron fields as EventBridge Scheduler reads them. */
  cron: { minute: string; hour: string; day?: string; weekDay?: string };
}

export const SCAN_SCHEDULES: readonly ScanSchedule[] = [
  {
    id: 'DailyScoring',
    kind: 'daily',
    description: 'daily scoring of every customer at 02:00',
    cron: { minute: '0', hour: '2' },
  },
  {
    id: 'MonthlyScreening',
    kind: 'monthly',
    description: 'the full screening on the 1st of each month that keeps the monthly risk list (Art. 11)',
    cron: { minute: '0', hour: '3', day: '1' },
  },
  {
    id: 'WeeklyStoreSummary',
    kind: 'weekly',
    description: 'the weekly store summary run, Monday 08:00 (Art. 11)',
    cron: { minute: '0', hour: '8', weekDay: 'MON' },
  },
];
