/**
 * `npm run bench`: prints what the domain costs. Nothing here asserts: the figures are read.
 *   - fold: events per second into the aggregated state (what ingestion pays per event);
 *   - scoring: customers per second on one core, from the aggregated state (what a scan pays);
 *   - the CLI end to end on a 100,000-customer export.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSample } from '#cli/sample-command.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { sampleChain } from '#shared/sample/sample-chain.ts';
import { foldHistory } from '#shared/state/fold-history.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const AS_OF = Date.parse('2026-11-23T02:00:00+08:00');
const format = (n: number): string => Math.round(n).toLocaleString('en-US');

const files = [...sampleChain({ customers: CUSTOMERS, seed: 7, until: AS_OF })];
const eventCount = files.reduce((sum, file) => sum + file.events.length, 0);

// Fold: the best of three passes over every customer's history.
let foldSeconds = Number.POSITIVE_INFINITY;
let subjects: Array<{ profile: (typeof files)[number]; state: ReturnType<typeof foldHistory>['state'] }> = [];
for (let pass = 0; pass < 3; pass++) {
  const started = process.hrtime.bigint();
  subjects = files.map((file) => ({ profile: file, state: foldHistory(file.events).state }));
  foldSeconds = Math.min(foldSeconds, Number(process.hrtime.bigint() - started) / 1e9);
}
console.log(`fold:    ${format(eventCount / foldSeconds)} events/s (${format(eventCount)} events of ${format(CUSTOMERS)} customers in ${foldSeconds.toFixed(3)} s)`);

for (const preset of ['script-kill', 'esports', 'med-aesthetics', 'retail-rfm']) {
  const score = new PolicyScorer(presetPolicy(preset)).at(AS_OF);
  let alerted = 0;
  for (const subject of subjects) if (score(subject).level > 0) alerted += 1; // warm-up
  let scored = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 2) {
    for (const subject of subjects) score(subject);
    scored += subjects.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  console.log(
    `scoring: ${format(scored / elapsed)} customers/s on one core with ${preset} (${((alerted / subjects.length) * 100).toFixed(1)}% alerted)`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'winback-bench-'));
try {
  const input = join(dir, 'chain.jsonl');
  await writeSample(input, CUSTOMERS, 7, AS_OF);
  const { size } = await stat(input);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['cli/winback.ts', 'score', '-i', input, '--as-of', '2026-11-23', '-o', join(dir, 'scores.jsonl')], {
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`winback score failed: ${run.stderr}`);
  console.log(`cli:     winback score on ${format(CUSTOMERS)} customers (${(size / 1e6).toFixed(0)} MB JSONL) in ${seconds.toFixed(2)} s, ${format(CUSTOMERS / seconds)} customers/s end to end`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
