import { describe, expect, it } from 'vitest';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { customerLabeller, customerReference } from '#shared/privacy/customer-reference.ts';
import { riskListCsv, riskListRows } from '#shared/reports/risk-list.ts';

const KEY = 'a link secret of the test';
const UNTIL = Date.parse('2026-11-23T02:00:00+08:00');

describe('telling customers apart without showing who they are', () => {
  const ids = [...sampleChain({ customers: 2000, seed: 42, until: UNTIL })].map((file) => file.customerId);

  it('gives each of the 2,000 sample customers a reference of their own, where their masks collide', () => {
    const masks = new Map<string, number>();
    for (const id of ids) masks.set(maskedCustomer(id), (masks.get(maskedCustomer(id)) ?? 0) + 1);
    // The collision staff met: 20 customers shown as C0****71.
    expect(Math.max(...masks.values())).toBeGreaterThanOrEqual(20);
    expect(new Set(ids.map((id) => customerReference(id, KEY))).size).toBe(ids.length);
  });

  it("gives every row of a store's risk list a customer of its own", () => {
    const entries = ids.map((customerId, i) => ({
      customerId,
      storeId: `STORE-0${(i % 3) + 1}`,
      level: 1 as const,
      indicators: [],
      alertId: 'monthly-1',
    }));
    const rows = riskListRows(entries, new Map(), {
      policy: presetPolicy('script-kill'),
      customerLabel: customerLabeller(KEY),
    });
    expect(new Set(rows.map((row) => row.customer)).size).toBe(ids.length);
    expect(riskListCsv(rows)).not.toContain('C0000071');
  });

  it('keeps the mask staff know and shows no more of the id than it', () => {
    const reference = customerReference('C0000071', KEY);
    expect(reference.startsWith('C0****71·')).toBe(true);
    expect(reference).toMatch(/^C0\*{4}71·[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(customerReference('13812345678', KEY)).toMatch(/^138\*{4}5678·/);
  });

  it('is the same customer every time, and says nothing without the key', () => {
    expect(customerReference('C0000071', KEY)).toBe(customerReference('C0000071', KEY));
    // Another key, another suffix: trying the 10,000 ids behind one mask needs the key.
    expect(customerReference('C0000071', 'another key')).not.toBe(customerReference('C0000071', KEY));
  });

  it('falls back to the mask alone where no key is at hand', () => {
    expect(customerLabeller(undefined)('C0000071')).toBe('C0****71');
    expect(customerLabeller(KEY)('C0000071')).toBe(customerReference('C0000071', KEY));
  });
});
