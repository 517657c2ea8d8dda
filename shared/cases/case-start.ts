import type { Level } from '../policy/policy-schema.ts';
import { executionName } from './execution-name.ts';

/** What a case execution starts from: the alert it carries. */
export interface CaseStart {
  customerId: string;
  storeId: string;
  alertId: string;
  level: Level;
  identifiedAt: string;
}

export interface CaseStarter {
  /** Starts the alert's case; starting it again is "already-started", never a second case. */
  start(alert: CaseStart): Promise<'started' | 'already-started'>;
}

export function caseExecutionName(alert: CaseStart): string {
  return executionName(alert);
}

/** The execution's input: the alert's keys only, no personal data (it shows in the console and the history). */
export function caseInput(alert: CaseStart): Record<string, unknown> {
  return {
    customerId: alert.customerId,
    alertId: alert.alertId,
    storeId: alert.storeId,
    level: alert.level,
    identifiedAt: alert.identifiedAt,
  };
}
