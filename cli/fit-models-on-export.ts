import { formatRecordIssue } from '#shared/customer/record-issue.ts';
import type { ScoringSubject } from '#shared/customer/scoring-subject.ts';
import type { TimeUnit } from '#shared/model/customer-rfm.ts';
import { type ChainModelFit, fitChainModels, lookbackPlanFor } from '#shared/model/fit-chain-models.ts';
import type { LookbackPlan } from '#shared/model/lookback-plan.ts';
import type { CandidateEvaluation } from '#shared/model/risk-model.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import type { ZonedClock } from '#shared/time/zoned-clock.ts';
import { type FoldedCustomer, readCustomers } from './read-customers.ts';
import type { InputFormat } from './read-input-records.ts';
import { UsageError } from './usage-error.ts';

/**
 * The customers of an export as of a plan's cut date, folded from their own events (exact: the
 * monthly fit, which has only today's states, winds them back instead).
 */
export async function customersAtCut(
  input: string,
  format: InputFormat,
  plan: LookbackPlan,
): Promise<Map<string, ScoringSubject>> {
  const read = await readCustomers(input, format, plan.cutAt);
  if (read.issues.length > 0)
    throw new UsageError([`${input}: bad records`, ...read.issues.slice(0, 50).map(formatRecordIssue)].join('\n'));
  return new Map(read.customers.map((customer) => [customer.profile.customerId, customer]));
}

/** BG/NBD per store and the calibrated risk, fitted on an export already read as of `asOf`. */
export async function fitModelsOnExport(
  input: string,
  format: InputFormat,
  customers: readonly FoldedCustomer[],
  asOf: number,
  policy: Policy,
  clock: ZonedClock,
  unit: TimeUnit = 'week',
): Promise<ChainModelFit> {
  const plan = lookbackPlanFor(customers, asOf, policy);
  const atCut = plan.canLearn ? await customersAtCut(input, format, plan) : undefined;
  return fitChainModels(customers, asOf, policy, clock, { unit, plan, ...(atCut ? { atCut } : {}) });
}

const CANDIDATE_LABEL: Record<CandidateEvaluation['candidate'], string> = {
  rules: 'rules (level)',
  'base-rate': 'base rate',
  'bg-nbd-raw': 'BG/NBD as is',
  'bg-nbd': 'BG/NBD calibrated',
  learned: 'learned',
};
const CHOSEN_CANDIDATE: Record<string, CandidateEvaluation['candidate']> = {
  learned: 'learned',
  'bg-nbd': 'bg-nbd',
  rules: 'rules',
  'base-rate': 'base-rate',
};

const percent = (value: number | undefined): string => (value === undefined ? '-' : `${(value * 100).toFixed(1)}%`);
const figure = (value: number | null): string => (value === null ? '-' : value.toFixed(3));

/** What `winback model fit` tells the person running it about the risk: the lookback, each candidate's AUC and calibration per store and for the chain, and the choice. */
export function describeRiskFit({ risk }: ChainModelFit): string[] {
  const { plan, chain, counts } = risk;
  const lines = [
    `risk of no visit within ${plan.horizonWeeks} weeks, learned at the cut ${chain.cutAt.slice(0, 10)} from ${counts.labelled} customers with a visit before it ` +
      `(${counts.learning} learned from, ${counts.heldBack} held back; ${percent(counts.lostShare)} did not come back)`,
  ];
  if (chain.note) lines.push(`note: ${chain.note}`);
  if (chain.evaluation.length > 0) {
    lines.push(
      'on the held-back customers (AUC: ranking, 0.5 is chance; ECE: calibration error over 10 equal-width bins, 0 is exact):',
    );
    lines.push(
      `  ${'scope'.padEnd(10)} ${'candidate'.padEnd(18)} ${'customers'.padStart(9)} ${'own'.padStart(5)} ${'AUC'.padStart(6)} ${'ECE'.padStart(6)}`,
    );
    const rows = (scope: string, evaluation: readonly CandidateEvaluation[]) => {
      for (const row of evaluation) {
        if (row.customers === 0) continue;
        const chosen = row.candidate === CHOSEN_CANDIDATE[chain.chosen] ? '  <- chosen' : '';
        lines.push(
          `  ${scope.padEnd(10)} ${CANDIDATE_LABEL[row.candidate].padEnd(18)} ${String(row.customers).padStart(9)} ${`${Math.round(row.coverage * 100)}%`.padStart(5)} ${figure(row.auc).padStart(6)} ${figure(row.ece).padStart(6)}${chosen}`,
        );
      }
    };
    rows('chain', chain.evaluation);
    for (const [storeId, store] of risk.stores) rows(storeId, store.evaluation);
  }
  lines.push(`chosen: ${chain.chosen}: ${chain.reason}`);
  for (const [storeId, store] of risk.stores) {
    if (store.learned) lines.push(`${storeId}: a learned model of its own (${store.learned.learnedFrom} customers)`);
    else if (store.note) lines.push(`${storeId}: ${store.note}`);
  }
  return lines;
}
