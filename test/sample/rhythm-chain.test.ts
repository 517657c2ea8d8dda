import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RHYTHMS, type Rhythm, type RhythmCustomer, rhythmChain } from '#cli/sample/rhythm-chain.ts';
import { type CustomerFile, customerFile } from '#shared/customer/customer-file-schema.ts';
import { runCli, scratchDir } from '../helpers/run-cli.ts';

const UNTIL = Date.parse('2026-11-23T23:59:59+08:00');
const DAY = 86_400_000;

const visitsOf = (file: CustomerFile): number[] =>
  file.events
    .filter((event) => event.type === 'visit')
    .map((event) => Date.parse(event.at))
    .sort((a, b) => a - b);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** A low rating, a complaint or a negative review: what a bad evening leaves on record. */
const isBadExperience = (event: CustomerFile['events'][number]): boolean =>
  event.type === 'complaint' ||
  (event.type === 'rating' && event.score <= 2) ||
  (event.type === 'review' && event.sentiment === 'negative');

describe('the rhythm chain', () => {
  const chain = [...rhythmChain({ customers: 3000, seed: 11, until: UNTIL })];
  const byRhythm = (rhythm: Rhythm): RhythmCustomer[] => chain.filter((customer) => customer.rhythm === rhythm);

  it('is the same for the same seed and different for another', () => {
    expect(JSON.stringify([...rhythmChain({ customers: 3000, seed: 11, until: UNTIL })])).toBe(JSON.stringify(chain));
    expect(JSON.stringify([...rhythmChain({ customers: 3000, seed: 12, until: UNTIL })])).not.toBe(
      JSON.stringify(chain),
    );
  });

  it('passes the same validation as a real export, in time order, with nothing after the end of its history and balances that add up', () => {
    for (const { file } of chain) {
      expect(customerFile.safeParse(file).success, file.customerId).toBe(true);
      const times = file.events.map((event) => Date.parse(event.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(UNTIL);
      let balance = 0;
      for (const event of file.events) {
        if (event.type !== 'stored_value') continue;
        balance += event.action === 'topup' ? event.amount : -event.amount;
        expect(event.balanceAfter, event.eventId).toBe(balance);
      }
    }
  });

  it('mixes the rhythms in the shares it names, over four stores, with members and core customers', () => {
    for (const [rhythm, { share }] of Object.entries(RHYTHMS) as Array<[Rhythm, { share: number }]>) {
      expect(byRhythm(rhythm).length / chain.length, rhythm).toBeCloseTo(share, 1);
    }
    expect(new Set(chain.map(({ file }) => file.storeId)).size).toBe(4);
    const share = (rhythm: Rhythm, test: (file: CustomerFile) => boolean) =>
      byRhythm(rhythm).filter(({ file }) => test(file)).length / byRhythm(rhythm).length;
    expect(share('monthly', (file) => file.segment === 'member')).toBeGreaterThan(
      share('quarterly', (file) => file.segment === 'member'),
    );
    expect(share('fortnightly', (file) => file.core)).toBeGreaterThan(share('monthly', (file) => file.core));
    expect(share('one-time', (file) => file.core)).toBe(0);
  });

  it('keeps each rhythm: fortnightly, monthly and quarterly gaps, and one visit for the one-time visitors', () => {
    const gaps = (rhythm: Rhythm) =>
      byRhythm(rhythm).flatMap(({ file }) => {
        const visits = visitsOf(file);
        return visits.slice(1).map((at, i) => (at - (visits[i] as number)) / DAY);
      });
    expect(median(gaps('fortnightly'))).toBeGreaterThan(7);
    expect(median(gaps('fortnightly'))).toBeLessThan(18);
    expect(median(gaps('monthly'))).toBeGreaterThan(20);
    expect(median(gaps('monthly'))).toBeLessThan(40);
    expect(median(gaps('quarterly'))).toBeGreaterThan(60);
    expect(median(gaps('quarterly'))).toBeLessThan(120);
    for (const { file } of byRhythm('one-time')) expect(visitsOf(file)).toHaveLength(1);
  });

  it('knows who stopped coming (their last visit on record) and why, and has a third to four fifths of its regulars stop', () => {
    for (const customer of chain) {
      const visits = visitsOf(customer.file);
      if (customer.stoppedAfter !== undefined) expect(customer.stoppedAfter).toBe(visits.at(-1));
      if (customer.rhythm === 'one-time') expect(customer.stopReason).toBe('one_visit');
    }
    const regulars = chain.filter(({ rhythm }) => rhythm !== 'one-time');
    const stopped = regulars.filter(({ stoppedAfter }) => stoppedAfter !== undefined);
    expect(stopped.length / regulars.length).toBeGreaterThan(0.3);
    expect(stopped.length / regulars.length).toBeLessThan(0.8);
  });

  it('makes a bad experience (low rating, complaint, negative review) end a customer more often than not, and an ordinary visit seldom', () => {
    let bad = 0;
    let badThenGone = 0;
    let ordinary = 0;
    let ordinaryThenGone = 0;
    for (const { file, rhythm } of chain) {
      if (rhythm === 'one-time') continue;
      const visits = visitsOf(file);
      const badAfter = new Set(
        file.events.filter(isBadExperience).map((event) => visits.filter((at) => at <= Date.parse(event.at)).at(-1)),
      );
      visits.forEach((at, i) => {
        // Only visits with half a year after them, so that a next visit would have been seen.
        if (at > UNTIL - 182 * DAY) return;
        const last = i === visits.length - 1;
        if (badAfter.has(at)) {
          bad += 1;
          if (last) badThenGone += 1;
        } else {
          ordinary += 1;
          if (last) ordinaryThenGone += 1;
        }
      });
    }
    expect(bad).toBeGreaterThan(100);
    expect(badThenGone / bad).toBeGreaterThan(0.5);
    expect(ordinaryThenGone / ordinary).toBeLessThan(0.2);
  });

  it('is what `winback sample --kind rhythms` writes', async () => {
    const path = join(await scratchDir(), 'rhythms.jsonl');
    const run = await runCli([
      'sample',
      '--kind',
      'rhythms',
      '--customers',
      '200',
      '--seed',
      '5',
      '--until',
      '2026-11-23T23:59:59+08:00',
      '--output',
      path,
    ]);
    expect(run.code).toBe(0);
    const written = (await readFile(path, 'utf8')).trim().split('\n');
    const expected = [...rhythmChain({ customers: 200, seed: 5, until: UNTIL })].map(({ file }) =>
      JSON.stringify(file),
    );
    expect(written).toHaveLength(200);
    expect(written.every((line, i) => line === expected[i])).toBe(true);
  });
});
