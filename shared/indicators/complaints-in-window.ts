import type { ComplaintFact, CustomerState } from '../state/customer-state.ts';

function firstComplaintAfter(list: readonly ComplaintFact[], bound: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as ComplaintFact).at <= bound) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The complaints made in (from, to]. */
export function complaintsIn(state: CustomerState, from: number, to: number): ComplaintFact[] {
  const list = state.complaints;
  return list.slice(firstComplaintAfter(list, from), firstComplaintAfter(list, to));
}

export function countComplaintsIn(
  state: CustomerState,
  from: number,
  to: number,
  accept: (fact: ComplaintFact) => boolean,
): number {
  const list = state.complaints;
  const end = firstComplaintAfter(list, to);
  let count = 0;
  for (let i = firstComplaintAfter(list, from); i < end; i++) if (accept(list[i] as ComplaintFact)) count += 1;
  return count;
}
