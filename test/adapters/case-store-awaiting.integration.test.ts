import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
beforeAll(async () => {
  local = await localTables();
});

const waiting = (taskToken: string, attemptStartedAt: number, linkId = 'link-a') => ({
  step: 'response_plan' as const,
  taskToken,
  linkId,
  personId: 'cs-1',
  round: 0,
  revision: 0,
  attemptStartedAt,
});

describe('what a case waits on, written by the attempts of a notify step', () => {
  it("keeps the newest attempt's task token when an older attempt that outlived its timeout writes after it", async () => {
    const store = new CaseStore(local.doc, local.names);
    await local.doc.send(
      new PutCommand({
        TableName: local.names.alerts,
        Item: { customerId: 'C1', alertId: 'a1', storeId: 'S1', level: 1, status: 'open' },
      }),
    );
    expect(await store.setAwaiting('C1', 'a1', waiting('first', 100))).toBe(true);
    // The retry (begun later) writes, then the first attempt, still running, writes again.
    expect(await store.setAwaiting('C1', 'a1', waiting('retry', 200))).toBe(true);
    expect(await store.setAwaiting('C1', 'a1', waiting('first', 100))).toBe(false);
    expect(CaseStore.awaitingOf(await store.alert('C1', 'a1'))?.taskToken).toBe('retry');
    // Another request (a reminder's link) is written whatever the times.
    expect(await store.setAwaiting('C1', 'a1', waiting('reminder', 50, 'link-b'))).toBe(true);
    expect(CaseStore.awaitingOf(await store.alert('C1', 'a1'))?.taskToken).toBe('reminder');
  });
});
