/**
 * `npm run bench`: prints what the domain costs. Nothing here asserts: the figures are read.
 *   - fold: events per second into the aggregated state (what ingestion pays per event);
 *   - assess: customers per second on one core, level and fired indicators from the aggregated
 *     state (what a scan pays for every customer);
 *   - score: the same with each indicator's evidence written out (what an alert pays);
 *   - assess in pages: as a scan meets them, 1,000 states just read (JSON.parse, timed apart)
 *     and assessed while still in the CPU cache; the whole-heap figure above is memory-bound;
 *   - the CLI end to end on a 100,000-customer export.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { writeSample } from '#cli/sample-command.ts';
import type { ScoringSubject } from '#shared/customer/scoring-subject.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const AS_OF = Date.parse('2026-11-23T02:00:00+08:00');
const format = (n: number): string => Math.round(n).toLocaleString('en-US');

const files = [...sampleChain({ customers: CUSTOMERS, seed: 7, until: AS_OF })];
const eventCount = files.reduce((sum, file) => sum + file.events.length, 0);

// Fold: the best of three passes over every customer's history.
let foldSeconds = Number.POSITIVE_INFINITY;
let subjects: ScoringSubject[] = [];
for (let pass = 0; pass < 3; pass++) {
  const started = process.hrtime.bigint();
  subjects = files.map((file) => ({ profile: file, state: foldCustomerFile(file).state }));
  foldSeconds = Math.min(foldSeconds, Number(process.hrtime.bigint() - started) / 1e9);
}
console.log(
  `fold:    ${format(eventCount / foldSeconds)} events/s (${format(eventCount)} events of ${format(CUSTOMERS)} customers in ${foldSeconds.toFixed(3)} s)`,
);

/** Customers per second for `run` over every subject, repeated for about two seconds after a warm-up pass. */
function throughput(run: (subject: ScoringSubject) => unknown): number {
  for (const subject of subjects) run(subject);
  let done = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 2) {
    for (const subject of subjects) run(subject);
    done += subjects.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return done / elapsed;
}

for (const preset of ['script-kill', 'esports', 'med-aesthetics', 'retail-rfm']) {
  const bound = new PolicyScorer(presetPolicy(preset)).at(AS_OF);
  const alerted = subjects.filter((subject) => bound.assess(subject).level > 0).length;
  console.log(
    `${preset.padEnd(15)} assess: ${format(throughput(bound.assess)).padStart(10)} customers/s on one core; ` +
      `score with evidence: ${format(throughput(bound.score)).padStart(9)} customers/s (${((alerted / subjects.length) * 100).toFixed(1)}% alerted)`,
  );
}

{
  // A scan reads a page of items, unmarshals it and scores it at once, while it is in cache.
  const PAGE = 1_000;
  const pages: string[] = [];
  for (let i = 0; i < subjects.length; i += PAGE) pages.push(JSON.stringify(subjects.slice(i, i + PAGE)));
  const bound = new PolicyScorer(presetPolicy('script-kill')).at(AS_OF);
  let parseNs = 0n;
  let assessNs = 0n;
  let assessed = 0;
  for (let round = 0; round < 3; round++) {
    for (const page of pages) {
      const parsedAt = process.hrtime.bigint();
      const read = JSON.parse(page) as ScoringSubject[];
      const readAt = process.hrtime.bigint();
      for (const subject of read) bound.assess(subject);
      assessNs += process.hrtime.bigint() - readAt;
      parseNs += readAt - parsedAt;
      assessed += read.length;
    }
  }
  console.log(
    `script-kill     assess in scan pages of ${PAGE}: ${format(assessed / (Number(assessNs) / 1e9))} customers/s on one core ` +
      `(reading the pages from JSON: ${format(assessed / (Number(parseNs) / 1e9))} customers/s)`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'winback-bench-'));
try {
  const input = join(dir, 'chain.jsonl');
  await writeSample(input, CUSTOMERS, 7, AS_OF);
  const { size } = await stat(input);
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['cli/winback.ts', 'score', '-i', input, '--as-of', '2026-11-23', '-o', join(dir, 'scores.jsonl')],
    {
      encoding: 'utf8',
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`winback score failed: ${run.stderr}`);
  console.log(
    `cli:     winback score on ${format(CUSTOMERS)} customers (${(size / 1e6).toFixed(0)} MB JSONL) in ${seconds.toFixed(2)} s, ${format(CUSTOMERS / seconds)} customers/s end to end`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
