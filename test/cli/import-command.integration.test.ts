import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { localDynamoDbEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';
import { runCli, scratchDir } from '../helpers/run-cli.ts';

let local: LocalTables;
let dir: string;
let env: NodeJS.ProcessEnv;
const files = [...sampleChain({ customers: 25, seed: 3, until: Date.parse('2026-11-23T02:00:00+08:00') })];

beforeAll(async () => {
  local = await localTables();
  dir = await scratchDir();
  env = localDynamoDbEnvironment();
});

describe('winback import', () => {
  it('loads a JSONL export, sets bad lines aside with their reasons, and loads nothing twice', async () => {
    const input = join(dir, 'export.jsonl');
    const bad = { ...files[0], customerId: 'C-BAD', segment: 'vip' };
    await writeFile(input, [...files.map((file) => JSON.stringify(file)), JSON.stringify(bad)].join('\n'));
    const events = files.reduce((sum, file) => sum + file.events.length, 0);

    const first = await runCli(['import', input, '--table-prefix', local.prefix], undefined, env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      `imported ${input}: ${files.length} customers, ${events} events accepted, 0 duplicate(s) ignored, 1 record(s) rejected`,
    );
    const rejects = (await readFile(`${input}.rejects.jsonl`, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejects).toEqual([
      { line: files.length + 1, customerId: 'C-BAD', field: 'segment', message: 'expected one of "member"|"regular"' },
    ]);

    const { Items } = await local.doc.send(new ScanCommand({ TableName: local.names.customers }));
    expect(Items).toHaveLength(files.length);
    const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
    const sample = files.find((file) => file.events.length > 5)!;
    expect((await writer.read(sample.customerId))?.state).toEqual(foldCustomerFile(sample).state);

    const again = await runCli(['import', input, '--table-prefix', local.prefix], undefined, env);
    expect(again.stderr).toContain(`0 events accepted, ${events} duplicate(s) ignored`);
  });

  it("holds an export to the API's rules: bounds by event and field, conflicting ids", async () => {
    const input = join(dir, 'hostile.jsonl');
    const visit = (eventId: string, at: string, amount = 88) => ({ eventId, type: 'visit', at, amount });
    const lines = [
      {
        customerId: 'H-1',
        storeId: 'S1',
        segment: 'regular',
        events: [
          visit('1', '2026-10-01T19:00:00+08:00'),
          visit('2', '2099-01-01T00:00:00+08:00'),
          visit('3', '2026-10-02T19:00:00+08:00', 1e300),
        ],
      },
      // Another customer's "1" is another event; the same customer's "1" with another amount is a conflict.
      {
        customerId: 'H-2',
        storeId: 'S1',
        segment: 'regular',
        events: [visit('1', '2026-10-01T19:00:00+08:00'), visit('1', '2026-10-01T19:00:00+08:00', 99)],
      },
    ];
    await writeFile(input, lines.map((line) => JSON.stringify(line)).join('\n'));
    const run = await runCli(['import', input, '--table-prefix', local.prefix], undefined, env);
    expect(run.stderr).toContain('2 events accepted, 0 duplicate(s) ignored, 2 record(s) rejected');
    const rejects = (await readFile(`${input}.rejects.jsonl`, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejects).toEqual([
      {
        line: 1,
        customerId: 'H-1',
        field: 'events[1].at',
        message: 'in the future: more than 1 day after the time it was received',
      },
      { line: 1, customerId: 'H-1', field: 'events[2].amount', message: 'above the maximum of 1000000 yuan' },
      { line: 2, customerId: 'H-2', field: 'events[1].amount', message: expect.stringMatching(/^conflict: /) },
    ]);
  });

  it('says which setting is missing when it does not know the tables', async () => {
    const run = await runCli(['import', join(dir, 'export.jsonl')], undefined, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CUSTOMERS_TABLE');
  });
});
