/**
 * The BG/NBD model's cost: fitting on 100,000 customers (what a monthly per-store fit pays), and
 * scoring with it (P(alive) and expected visits over 26 weeks, what a scan would add per customer).
 */
import { expectedVisits, pAlive } from '#shared/model/bg-nbd.ts';
import { fitBgNbd } from '#shared/model/fit-bg-nbd.ts';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';

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
console.log(`model:   P(alive) + expected visits in 26 weeks: ${Math.round(perSecond).toLocaleString('en-US')} customers/s on one core (checksum ${checksum.toFixed(1)})`);
