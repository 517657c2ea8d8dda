import { describe, expect, it } from 'vitest';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { customerFile } from '#shared/customer/customer-file-schema.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';

const UNTIL = Date.parse('2026-11-23T02:00:00+08:00');

describe('the sample chain', () => {
  const chain = [...sampleChain({ customers: 600, seed: 42, until: UNTIL })];

  it('is the same for the same seed and different for another', () => {
    expect(JSON.stringify([...sampleChain({ customers: 600, seed: 42, until: UNTIL })])).toBe(JSON.stringify(chain));
    expect(JSON.stringify([...sampleChain({ customers: 600, seed: 43, until: UNTIL })])).not.toBe(
      JSON.stringify(chain),
    );
  });

  it('passes the same validation as a real export, with nothing after the end of its history', () => {
    for (const file of chain) {
      expect(customerFile.safeParse(file).success, file.customerId).toBe(true);
      for (const event of file.events) expect(Date.parse(event.at)).toBeLessThanOrEqual(UNTIL);
    }
  });

  it('spreads customers over three stores and gives a first screen with alerts at every level', () => {
    const { assess } = new PolicyScorer(presetPolicy('script-kill')).at(UNTIL);
    const levels = new Set(chain.map((file) => assess({ profile: file, state: foldCustomerFile(file).state }).level));
    expect([...levels].sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(chain.map((file) => file.storeId)).size).toBe(3);
  });
});
