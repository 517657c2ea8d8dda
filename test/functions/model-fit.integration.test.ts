import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { CustomerProfileWriter } from '#shared/adapters/dynamodb/customer-profile-writer.ts';
import { ModelStore } from '#shared/adapters/dynamodb/model-store.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

const AS_OF = '2026-11-01T04:00:00+08:00';
let local: LocalTables;

beforeAll(async () => {
  local = await localTables();
  useLocalLambdaEnvironment(local.names);
  const profiles = new CustomerProfileWriter(local.doc, local.names);
  const events = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
  for (const { events: history, ...profile } of sampleChain({
    customers: 250,
    seed: 21,
    until: Date.parse(AS_OF),
    stores: 1,
  })) {
    await profiles.upsert(profile);
    await events.write(profile.customerId, profile.storeId, history);
  }
}, 120_000);

describe('the monthly model fit (Lambda, on DynamoDB Local)', () => {
  it('fits the chain and each store big enough on every customer, keeps the fit, and makes it the current models scans read', async () => {
    const { handler } = await import('../../functions/model-fit/handler.ts');
    const result = (await handler({ asOf: AS_OF }, { functionName: 'model-fit', awsRequestId: 't' } as Context)) as {
      models: Array<{ storeId: string; fitted: number }>;
    };
    expect(result.models.map((m) => m.storeId)).toEqual(['*', 'STORE-01']);
    expect(result.models[0]?.fitted).toBeGreaterThan(200);

    const current = await new ModelStore(local.doc, local.names).current();
    expect(current.map((m) => [m.storeId, m.unit])).toEqual([
      ['*', 'week'],
      ['STORE-01', 'week'],
    ]);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(current[0]?.params[key]).toBeGreaterThan(0);
    // The calibrated risk's shared part is kept on the chain's item, and read back with it: scans can give every customer a number.
    expect(current[0]?.risk).toMatchObject({
      version: 1,
      policyVersion: 'script-kill/2026.1',
      horizonWeeks: expect.any(Number),
    });
    const { RiskBook } = await import('#shared/model/risk-book.ts');
    const { presetPolicy } = await import('#shared/policy/presets/preset-catalog.ts');
    const book = new RiskBook(current, presetPolicy('script-kill'));
    expect(book.chain?.cutAt).toMatch(/^2026-/);
    const { Items: kept } = await local.doc.send(
      new QueryCommand({
        TableName: local.names.models,
        KeyConditionExpression: 'modelSet = :s',
        ExpressionAttributeValues: { ':s': 'fit#2026-11-01T04:00:00+08:00' },
      }),
    );
    expect(kept?.map((item) => [item.storeId, item.policyVersion, typeof item.logLikelihood])).toEqual([
      ['*', 'script-kill/2026.1', 'number'],
      ['STORE-01', 'script-kill/2026.1', 'number'],
    ]);

    // Run again for the same month: the same items, nothing added.
    await handler({ asOf: AS_OF }, { functionName: 'model-fit', awsRequestId: 't2' } as Context);
    expect(await new ModelStore(local.doc, local.names).current()).toEqual(current);
  }, 60_000);
});
