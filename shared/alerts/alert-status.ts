/**
 * Alerts that never became a case: waiting in the work queue (`queued`), or taken out of it
 * because the customer was no longer at risk before an owner had room (`dequeued`). They are
 * alerts (counted with the alerts raised) but not cases: nobody verified, contacted or won them
 * back, so the case figures (success rate, warning accuracy, results) leave them out.
 */
export const QUEUED = 'queued';
export const DEQUEUED = 'dequeued';

export function hadCase(alert: { status: string }): boolean {
  return alert.status !== QUEUED && alert.status !== DEQUEUED;
}
