/**
 * An open case is its alert plus a running execution. When the execution ended without the
 * workflow closing the alert (stopped by hand, lost in a local restart, a failure whose own record
 * failed), the alert would stay open forever, the customer could never be alerted again and
 * nobody would hear of it. Reconciliation finds such cases and closes them, saying why.
 */
export type ExecutionState =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE'
  | 'MISSING';

export const CASE_ENDED_OUTSIDE = 'CaseEndedOutsideWorkflow';

export interface ReconcilableCase {
  status: string;
  /** When its execution was started; a case not started yet is the opener's to start, not stuck. */
  caseStartedAt?: string | undefined;
}

export type Reconciliation = { action: 'keep' } | { action: 'close'; reason: string };

const OPEN = new Set(['open', 'in_progress']);

/**
 * `graceMs`: how long after its start a case whose execution cannot be found is given (a start
 * that is still being recorded is not a lost one).
 */
export function reconcileCase(
  alert: ReconcilableCase,
  execution: ExecutionState,
  now: number,
  graceMs: number,
): Reconciliation {
  if (!OPEN.has(alert.status) || alert.caseStartedAt === undefined) return { action: 'keep' };
  if (execution === 'RUNNING' || execution === 'PENDING_REDRIVE') return { action: 'keep' };
  if (execution === 'MISSING') {
    const started = Date.parse(alert.caseStartedAt);
    if (Number.isFinite(started) && now - started < graceMs) return { action: 'keep' };
    return { action: 'close', reason: 'case ended outside its workflow: its execution no longer exists' };
  }
  return { action: 'close', reason: `case ended outside its workflow: ${execution}` };
}
