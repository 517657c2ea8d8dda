import type { ComplaintFact, CustomerState } from '../state/customer-state.ts';
import { itemsInWindow } from './window-count.ts';

/** The complaints made in (from, to]. */
export function complaintsIn(state: CustomerState, from: number, to: number): ComplaintFact[] {
  return itemsInWindow(state.complaints, from, to, (fact) => fact.at);
}
