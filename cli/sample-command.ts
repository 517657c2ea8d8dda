import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { type RhythmCustomer, rhythmChain } from '#cli/sample/rhythm-chain.ts';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { UsageError } from './usage-error.ts';

export interface SampleOptions {
  customers: string;
  seed: string;
  /** `stories` (the demo chain, 18 months) or `rhythms` (visit rhythms and dropout, 30 months: for backtests). */
  kind?: string;
  /** Where the history ends: a date (its end in Asia/Shanghai) or an ISO date-time; default now. */
  until?: string;
  output: string;
}

/** `winback sample`: a deterministic sample chain as a JSONL export, for demos, tests, benchmarks and backtests. */
export async function sampleCommand(options: SampleOptions, log: (line: string) => void): Promise<void> {
  const customers = Number(options.customers);
  const seed = Number(options.seed);
  const kind = options.kind ?? 'stories';
  if (!Number.isInteger(customers) || customers < 1)
    throw new UsageError(`--customers: expected a whole number above 0, got "${options.customers}"`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected a whole number, got "${options.seed}"`);
  if (kind !== 'stories' && kind !== 'rhythms')
    throw new UsageError(`--kind: expected stories or rhythms, got "${options.kind}"`);
  const until = options.until === undefined ? Date.now() : new ZonedClock('Asia/Shanghai').parseAsOf(options.until);
  if (until === undefined)
    throw new UsageError(
      `--until: expected a date (2026-11-23) or an ISO date-time with offset, got "${options.until}"`,
    );
  if (kind === 'rhythms') await writeCustomerFiles(options.output, filesOf(rhythmChain({ customers, seed, until })));
  else await writeSample(options.output, customers, seed, until);
  log(`wrote ${customers} customers (${kind}, seed ${seed}) to ${options.output}`);
}

/** The files alone, without the truth the generator knows about each customer. */
function* filesOf(customers: Iterable<RhythmCustomer>): Generator<CustomerFile> {
  for (const { file } of customers) yield file;
}

export async function writeSample(path: string, customers: number, seed: number, until: number): Promise<void> {
  await writeCustomerFiles(path, sampleChain({ customers, seed, until }));
}

/** One customer file a line, all or nothing: written to a temporary file and renamed. */
export async function writeCustomerFiles(path: string, files: Iterable<CustomerFile>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temporary, 'utf8');
  try {
    for (const file of files) {
      if (!out.write(`${JSON.stringify(file)}\n`))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    out.end();
    await finished(out);
    await rename(temporary, path);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
