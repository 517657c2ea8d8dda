import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { CustomerState } from '../state/customer-state.ts';

/** A state this long or shorter is kept as JSON text: the common case, read without a step. */
const PLAIN_UP_TO = 2_048;
const FORMAT_DEFLATED_DELTAS = 1;

/**
 * The aggregated state as it is stored on the customer's item: JSON text when short (most
 * customers, about 1.2 KB), else deflated JSON in a binary attribute, with the ascending instant
 * lists written as differences (a daily visitor's 800 visit instants compress to a third of the
 * size that way). A daily visitor of three years takes about 3.5 KB instead of 16.5 KB: one read
 * unit instead of five, for every scan, every day. Lossless: decoding gives the state back.
 */
export function encodeState(state: CustomerState): string | Uint8Array {
  const json = JSON.stringify(state);
  if (json.length <= PLAIN_UP_TO) return json;
  const compact = structuredClone(state);
  compact.visits.recentAt = toDeltas(compact.visits.recentAt);
  compact.ratings.at = toDeltas(compact.ratings.at);
  compact.interactions.recent = toDeltas(compact.interactions.recent);
  const deflated = deflateRawSync(JSON.stringify(compact), { level: 9 });
  const stored = new Uint8Array(deflated.length + 1);
  stored[0] = FORMAT_DEFLATED_DELTAS;
  stored.set(deflated, 1);
  return stored;
}

export function decodeState(stored: string | Uint8Array): CustomerState {
  if (typeof stored === 'string') return JSON.parse(stored) as CustomerState;
  if (stored[0] !== FORMAT_DEFLATED_DELTAS) throw new Error(`unknown state encoding ${stored[0]}`);
  const state = JSON.parse(inflateRawSync(stored.subarray(1)).toString('utf8')) as CustomerState;
  state.visits.recentAt = fromDeltas(state.visits.recentAt);
  state.ratings.at = fromDeltas(state.ratings.at);
  state.interactions.recent = fromDeltas(state.interactions.recent);
  return state;
}

function toDeltas(values: readonly number[]): number[] {
  return values.map((value, i) => (i === 0 ? value : value - (values[i - 1] as number)));
}

function fromDeltas(deltas: readonly number[]): number[] {
  const values: number[] = [];
  let sum = 0;
  for (const delta of deltas) {
    sum += delta;
    values.push(sum);
  }
  return values;
}
