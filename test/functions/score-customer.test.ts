import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/score-customer/handler.ts';

const context = { functionName: 'ScoreCustomer', awsRequestId: 'req-1' } as Context;

describe('the score-customer function', () => {
  it('scores a customer file pasted by ops, under the preset asked for', async () => {
    const score = await handler(
      {
        customer: {
          customerId: 'C1',
          storeId: 'S1',
          segment: 'member',
          core: false,
          events: [{ eventId: 'v1', type: 'visit', at: '2026-10-01T19:00:00+08:00', amount: 80 }],
        },
        asOf: '2026-11-23T12:00:00+08:00',
        preset: 'esports',
      },
      context,
    );
    // A member 53 days away: long_absence alone, 30 points: the low band.
    expect(score).toMatchObject({
      customerId: 'C1',
      level: 1,
      band: 'low',
      score: 30,
      policyVersion: 'esports/2026.1',
    });
  });

  it('rejects a malformed event naming each bad field', async () => {
    await expect(handler({ customer: { customerId: 'C1', segment: 'gold' } } as never, context)).rejects.toThrow(
      /customer\.storeId: expected string, received undefined; customer\.segment: expected one of "member"\|"regular"/,
    );
  });
});
