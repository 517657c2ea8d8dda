import type { CustomerProfile } from '#shared/customer/customer-file-schema.ts';
import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import { customerEvent } from '#shared/customer/event-schema.ts';
import type { ScoringSubject } from '#shared/customer/scoring-subject.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { type CustomerScore, PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';

let nextId = 0;
const id = (): string => `ev-${++nextId}`;

type Extra<T extends CustomerEvent['type']> = Partial<Omit<Extract<CustomerEvent, { type: T }>, 'type' | 'at'>>;

/** Events as the sources send them, validated by the real schema so tests cannot feed what production rejects. */
export const event = {
  visit: (at: string, amount = 100, extra: Extra<'visit'> = {}) => make({ type: 'visit', at, amount, ...extra }),
  membership: (at: string, action: 'join' | 'renew' | 'expire', expiresAt?: string) =>
    make({ type: 'membership', at, action, ...(expiresAt ? { expiresAt } : {}) }),
  storedValue: (at: string, action: 'topup' | 'spend', amount: number, balanceAfter: number) =>
    make({ type: 'stored_value', at, action, amount, balanceAfter }),
  complaint: (at: string, severity: 'minor' | 'serious', category: string, extra: Extra<'complaint'> = {}) =>
    make({ type: 'complaint', at, severity, category, ...extra }),
  review: (at: string, sentiment: 'positive' | 'neutral' | 'negative', extra: Extra<'review'> = {}) =>
    make({ type: 'review', at, platform: 'dianping', sentiment, ...extra }),
  invitation: (at: string, response: 'accepted' | 'declined' | 'ignored' | 'perfunctory', kind = 'new_script') =>
    make({ type: 'invitation', at, kind, response }),
  rating: (at: string, target: 'script' | 'dm' | 'environment', score: number, scriptId?: string) =>
    make({ type: 'rating', at, target, score, ...(scriptId ? { scriptId } : {}) }),
  interaction: (at: string, channel: 'consult' | 'share' | 'message') => make({ type: 'interaction', at, channel }),
  survey: (at: string, score: number) => make({ type: 'survey', at, score }),
  appointment: (at: string, status: 'attended' | 'no_show' | 'cancelled') => make({ type: 'appointment', at, status }),
  contactRefused: (at: string) => make({ type: 'contact_refused', at }),
  resolution: (at: string, ref: string) => make({ type: 'resolution', at, ref }),
};

function make(fields: Record<string, unknown>): CustomerEvent {
  return customerEvent.parse({ eventId: id(), ...fields });
}

export interface CustomerSpec {
  segment?: 'member' | 'regular';
  core?: boolean;
  membership?: CustomerProfile['membership'];
  events?: CustomerEvent[];
}

export function subjectOf(spec: CustomerSpec, customerId = 'C-test'): ScoringSubject {
  return {
    profile: { customerId, storeId: 'S1', segment: spec.segment ?? 'regular', core: spec.core ?? false },
    state: foldCustomerFile({ membership: spec.membership, events: spec.events ?? [] }).state,
  };
}

const scorers = new Map<string, PolicyScorer>();

/** Scores one customer under a preset (script-kill unless named) as of an ISO instant. */
export function scoreAt(asOf: string, spec: CustomerSpec, policy: string | Policy = 'script-kill'): CustomerScore {
  let scorer: PolicyScorer;
  if (typeof policy === 'string') {
    scorer = scorers.get(policy) ?? new PolicyScorer(presetPolicy(policy));
    scorers.set(policy, scorer);
  } else {
    scorer = new PolicyScorer(policy);
  }
  return scorer.at(Date.parse(asOf)).score(subjectOf(spec));
}

export function firedAt(asOf: string, spec: CustomerSpec, policy: string | Policy = 'script-kill'): string[] {
  return scoreAt(asOf, spec, policy).indicators.map((finding) => finding.id);
}

export function evidenceOf(score: CustomerScore, indicatorId: string): string | undefined {
  return score.indicators.find((finding) => finding.id === indicatorId)?.evidence;
}
