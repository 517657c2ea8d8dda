/**
 * The BG/NBD model's cost: fitting on 100,000 customers (what a monthly per-store fit pays), and
 * scoring with it (P(alive) and expected visits over 26 weeks, what a scan would add per customer).
 * Then the calibrated risk on chains of different rhythms: how each candidate ranks and how well
 * it is calibrated, at the cut it learned at and out of time.
 */
import { backtestCustomers } from '#cli/backtest/backtest-chain.ts';
import { rhythmChain } from '#cli/sample/rhythm-chain.ts';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import { expectedVisits, pAlive } from '#shared/model/bg-nbd.ts';
import { calibrationReport } from '#shared/model/calibration-error.ts';
import { fitBgNbd } from '#shared/model/fit-bg-nbd.ts';
import { fitChainModels } from '#shared/model/fit-chain-models.ts';
import { RiskBook } from '#shared/model/risk-book.ts';
import { rocAuc } from '#shared/model/roc-auc.ts';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';
import { simulateBgNbdChain, simulateRhythmChain, VISIT_RHYTHMS } from '#shared/model/simulated-histories.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';

const customers = 100_000;
const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const ages = Array.from({ length: customers }, (_, i) => 26 + (i % 53));
const data = simulateBgNbd(truth, customers, ages, 7);

const fitStarted = performance.now();
const fit = fitBgNbd(data);
const fitSeconds = (performance.now() - fitStarted) / 1000;
console.log(
  `model:   BG/NBD fitted on ${customers.toLocaleString('en-US')} customers in ${fitSeconds.toFixed(2)} s (${fit.iterations} iterations; ` +
    `r ${fit.params.r.toFixed(3)}, alpha ${fit.params.alpha.toFixed(3)}, a ${fit.params.a.toFixed(3)}, b ${fit.params.b.toFixed(3)} against ${truth.r}, ${truth.alpha}, ${truth.a}, ${truth.b})`,
);

const scoreStarted = performance.now();
let checksum = 0;
for (const customer of data) checksum += pAlive(fit.params, customer) + expectedVisits(fit.params, customer, 26);
const perSecond = customers / ((performance.now() - scoreStarted) / 1000);
console.log(
  `model:   P(alive) + expected visits in 26 weeks: ${Math.round(perSecond).toLocaleString('en-US')} customers/s on one core (checksum ${checksum.toFixed(1)})`,
);

/*
 * The calibrated risk across businesses of different rhythms: each chain learned at a cut 26
 * weeks before its fit date (judged there on the held-back 30%), then judged out of time: every
 * customer scored at the fit date against what they did in the 26 weeks after it, for each
 * candidate the model could have chosen.
 */
const UNTIL = Date.parse('2026-11-23T23:59:59+08:00');
const HORIZON_DAYS = 182;
const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
const chains: Array<{ name: string; files: CustomerFile[] }> = [
  {
    name: 'BG/NBD process',
    files: simulateBgNbdChain(
      { r: 0.5, alpha: 5, a: 0.8, b: 2.5 },
      { customers: 4000, seed: 5, until: UNTIL, historyDays: 730, beyondDays: HORIZON_DAYS, stores: 2 },
    ),
  },
  ...VISIT_RHYTHMS.map((rhythm, i) => ({
    name: rhythm.name,
    files: simulateRhythmChain(rhythm, {
      customers: 4000,
      seed: 11 + i,
      until: UNTIL,
      historyDays: 1095,
      beyondDays: HORIZON_DAYS,
      stores: 2,
    }),
  })),
  {
    name: 'rhythm sample chain',
    files: [...rhythmChain({ customers: 4000, seed: 7, until: UNTIL + HORIZON_DAYS * 86_400_000 })].map(
      ({ file }) => file,
    ),
  },
];
const figure = (value: number | null | undefined): string =>
  value === null || value === undefined ? '    -' : value.toFixed(3);
console.log(
  `risk:    ${'chain'.padEnd(20)} ${'candidate'.padEnd(11)} held back: AUC   ECE   out of time: AUC   ECE   (ECE: 10 equal-width bins)`,
);
for (const { name, files } of chains) {
  const started = performance.now();
  const before = files.map((file) => ({ profile: file, state: foldCustomerFile(file, UNTIL).state }));
  const after = files.map((file) => ({
    profile: file,
    state: foldCustomerFile(file, UNTIL + HORIZON_DAYS * 86_400_000).state,
  }));
  const customers = backtestCustomers({ before, after }, UNTIL);
  const fit = fitChainModels(
    customers.map(({ subject }) => subject),
    UNTIL,
    policy,
    clock,
  );
  const seconds = (performance.now() - started) / 1000;
  for (const row of fit.risk.chain.evaluation) {
    let outOfTime = { auc: undefined as number | undefined, ece: undefined as number | undefined };
    if (row.candidate !== 'bg-nbd-raw') {
      const chosen = row.candidate;
      const book = new RiskBook(
        fit.models.map((model) => (model.storeId === '*' ? { ...model, risk: { ...fit.risk.chain, chosen } } : model)),
        policy,
      );
      const scored = customers.map(({ subject, returned }) => {
        const risk = book.riskOf(subject, UNTIL).risk;
        return { score: risk, probability: risk, positive: !returned };
      });
      outOfTime = { auc: rocAuc(scored), ece: calibrationReport(scored)?.ece };
    }
    const mark = row.candidate === fit.risk.chain.chosen ? ' <- chosen' : '';
    console.log(
      `risk:    ${name.padEnd(20)} ${row.candidate.padEnd(11)}           ${figure(row.auc)} ${figure(row.ece)}              ${figure(outOfTime.auc)} ${figure(outOfTime.ece)}${mark}`,
    );
  }
  const book = new RiskBook(fit.models, policy);
  const scoreStarted = performance.now();
  for (const { subject } of customers) book.riskOf(subject, UNTIL);
  const perSecond = customers.length / ((performance.now() - scoreStarted) / 1000);
  console.log(
    `risk:    ${name.padEnd(20)} ${customers.length} customers, ${((fit.risk.counts.lostShare ?? Number.NaN) * 100).toFixed(0)}% lost at the cut; fitted (BG/NBD now and at the cut, the learned model) in ${seconds.toFixed(1)} s; ` +
      `riskOf ${Math.round(perSecond).toLocaleString('en-US')} customers/s (policy assessed inside)`,
  );
}
