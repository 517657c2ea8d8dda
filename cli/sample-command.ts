import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { sampleChain } from '#shared/sample/sample-chain.ts';
import { UsageError } from './usage-error.ts';

export interface SampleOptions {
  customers: string;
  seed: string;
  until?: number;
  output: string;
}

/** `winback sample`: a deterministic sample chain as a JSONL export, for demos, tests and benchmarks. */
export async function sampleCommand(options: SampleOptions, log: (line: string) => void): Promise<void> {
  const customers = Number(options.customers);
  const seed = Number(options.seed);
  if (!Number.isInteger(customers) || customers < 1) throw new UsageError(`--customers: expected a whole number above 0, got "${options.customers}"`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected a whole number, got "${options.seed}"`);
  await writeSample(options.output, customers, seed, options.until ?? Date.now());
  log(`wrote ${customers} customers (seed ${seed}) to ${options.output}`);
}

export async function writeSample(path: string, customers: number, seed: number, until: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temporary, 'utf8');
  try {
    for (const file of sampleChain({ customers, seed, until })) {
      if (!out.write(`${JSON.stringify(file)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
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
