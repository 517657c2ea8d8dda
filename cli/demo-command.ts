import { join } from 'node:path';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { WorkingCalendar } from '#shared/calendar/working-calendar.ts';
import { caseDeadlines } from '#shared/deadlines/case-deadlines.ts';
import { LEVELS } from '#shared/policy/policy-schema.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { maskName, maskPhone } from '#shared/privacy/mask.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { writeSample } from './sample-command.ts';
import { formatScores } from './score-output.ts';
import { writeOutput } from './write-output.ts';

export interface DemoOptions {
  customers: string;
  seed: string;
  dataDir: string;
  policy: string;
}

/**
 * `npm start`: a sample chain of three venues scored as of now, with the cases a store manager
 * would open first, their owners and deadlines. Contact data stays masked.
 */
export async function demoCommand(options: DemoOptions, log: (line: string) => void): Promise<void> {
  const customers = Number(options.customers);
  const seed = Number(options.seed);
  const now = Date.now();
  const samplePath = join(options.dataDir, 'sample-chain.jsonl');
  const scoresPath = join(options.dataDir, 'scores.csv');
  await writeSample(samplePath, customers, seed, now);

  const policy = presetPolicy(options.policy);
  const scorer = new PolicyScorer(policy);
  const calendar = new WorkingCalendar(policy.calendar, scorer.clock);
  const { score } = scorer.at(now);
  const files = [...sampleChain({ customers, seed, until: now })];
  const scored = files.map((file) => ({ file, score: score({ profile: file, state: foldCustomerFile(file).state }) }));
  await writeOutput(
    formatScores(
      scored.map((entry) => entry.score),
      'csv',
    ),
    scoresPath,
  );

  const stores = [...new Set(files.map((file) => file.storeId))].sort();
  log(
    `Winback demo: ${customers} customers of ${stores.length} venues, policy ${policy.version}, as of ${scorer.clock.formatInstant(now)}\n`,
  );
  log(`store        level 3  level 2  level 1  no alert`);
  for (const store of stores) {
    const counts = [0, 0, 0, 0];
    for (const { score: s } of scored) if (s.storeId === store) counts[s.level] = (counts[s.level] ?? 0) + 1;
    log(`${store.padEnd(12)} ${[3, 2, 1, 0].map((level) => String(counts[level]).padStart(7)).join('  ')}`);
  }
  for (const level of [...LEVELS].reverse()) {
    const first = scored.find((entry) => entry.score.level === level);
    if (first === undefined) continue;
    const { file, score: s } = first;
    const due = caseDeadlines(policy, calendar, level, now);
    log(
      `\nLevel ${level}: ${file.customerId} ${maskName(file.contact?.name ?? '')} ${maskPhone(file.contact?.phone ?? '')} (${file.segment}${file.core ? ', core' : ''}, ${file.storeId})`,
    );
    for (const finding of s.indicators) log(`  ${finding.core ? '*' : '-'} ${finding.id}: ${finding.evidence}`);
    log(
      `  owner ${due.ownerDepartment}; response plan by ${scorer.clock.formatInstant(due.responsePlanBy)}; first contact by ${scorer.clock.formatInstant(due.firstContactBy)}; follow up every ${due.followUpEveryDays} days`,
    );
    if (due.calendarWarning) log(`  note: ${due.calendarWarning}`);
  }
  log(`\nAll scores: ${scoresPath} (open in Excel). The export they came from: ${samplePath}`);
  log(`Score it again yourself: npx winback score --input ${samplePath} --format csv`);
}
