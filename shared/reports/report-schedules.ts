import type { ReportKind } from './report-kind.ts';

/**
 * When each report is built and sent, in the policy's time zone: after the scans it reads (the
 * monthly screening runs on the 1st at 03:00, the weekly summary scan on Mondays at 08:00). The
 * one definition the CDK stack deploys as EventBridge Scheduler schedules and the local runtime
 * runs on its clock.
 */
export interface ReportSchedule {
  id: string;
  kind: ReportKind;
  description: string;
  /** Cron fields as EventBridge Scheduler reads them. */
  cron: { minute: string; hour: string; day?: string; month?: string; weekDay?: string };
}

export const REPORT_SCHEDULES: readonly ReportSchedule[] = [
  {
    id: 'WeeklyReport',
    kind: 'weekly',
    description: 'the weekly store summary of the week just ended, Monday 09:00 (Art. 11)',
    cron: { minute: '0', hour: '9', weekDay: 'MON' },
  },
  {
    id: 'RiskListReport',
    kind: 'risk-list',
    description: 'the monthly risk list from the screening of the 1st, 07:00 (Art. 11)',
    cron: { minute: '0', hour: '7', day: '1' },
  },
  {
    id: 'EvaluationReport',
    kind: 'evaluation',
    description: 'the win-back evaluation of the month just ended, the 1st at 07:30 (Art. 18-19)',
    cron: { minute: '30', hour: '7', day: '1' },
  },
  {
    id: 'KpiReport',
    kind: 'kpis',
    description: 'the KPIs of the month just ended, the 1st at 08:00 (Art. 24, 26)',
    cron: { minute: '0', hour: '8', day: '1' },
  },
  {
    id: 'ChurnReasonsReport',
    kind: 'churn-reasons',
    description: 'the churn reasons of the last three months, the 1st at 08:30 (Art. 17)',
    cron: { minute: '30', hour: '8', day: '1' },
  },
  {
    id: 'QuarterlyReport',
    kind: 'quarterly',
    description: 'the quarterly evaluation report, 1 January, April, July and October at 09:00 (Art. 20)',
    cron: { minute: '0', hour: '9', day: '1', month: '1,4,7,10' },
  },
];
