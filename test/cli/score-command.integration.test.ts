import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { simulateRhythmChain, VISIT_RHYTHMS } from '#shared/model/simulated-histories.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { runCli, scratchDir } from '../helpers/run-cli.ts';

const lapsed = {
  customerId: 'C-200',
  storeId: 'S1',
  segment: 'member',
  core: true,
  contact: { name: '张三', phone: '13812345678' },
  membership: { expiresAt: '2026-09-30T23:59:59+08:00', storedValueBalance: 120 },
  events: [
    { eventId: 'e1', type: 'visit', at: '2026-03-01T19:00:00+08:00', amount: 200 },
    { eventId: 'e2', type: 'visit', at: '2026-06-01T19:00:00+08:00', amount: 220 },
    { eventId: 'e3', type: 'complaint', at: '2026-11-10T12:00:00+08:00', severity: 'serious', category: 'dm' },
  ],
};
const fresh = {
  customerId: 'C-100',
  storeId: 'S2',
  segment: 'regular',
  events: [{ eventId: 'x1', type: 'visit', at: '2026-11-20T19:00:00+08:00', amount: 98 }],
};
const jsonl = (...files: object[]) => files.map((file) => `${JSON.stringify(file)}\n`).join('');

let dir: string;
beforeAll(async () => {
  dir = await scratchDir();
});

describe('winback score', () => {
  it('scores every customer, sorted by customerId, one JSON line each', async () => {
    const input = join(dir, 'customers.jsonl');
    await writeFile(input, jsonl(lapsed, fresh));
    const run = await runCli(['score', '--input', input, '--as-of', '2026-11-23']);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.customerId, line.level])).toEqual([
      ['C-100', 0],
      ['C-200', 3],
    ]);
    expect(lines[1].policyVersion).toBe('script-kill/2026.1');
    expect(lines[1].indicators[0]).toEqual({
      id: 'core_no_visit_2m',
      core: true,
      evidence: 'no visit from 2026-09 to 2026-11 (2 full months and this month so far); last visit 2026-06-01',
    });
    expect(run.stderr).toContain('level 3: 1, level 2: 0, level 1: 0, no alert: 1');
  });

  it('never prints contact data', async () => {
    const input = join(dir, 'contact.jsonl');
    await writeFile(input, jsonl(lapsed));
    const run = await runCli(['score', '--input', input, '--as-of', '2026-11-23', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('13812345678');
    expect(run.stdout + run.stderr).not.toContain('张三');
  });

  it('rejects bad records with exit 2, naming each line, customer and field, and writes no output file', async () => {
    const input = join(dir, 'bad.jsonl');
    const output = join(dir, 'bad-out.jsonl');
    const negative = {
      ...fresh,
      customerId: 'C-101',
      events: [{ eventId: 'y', type: 'visit', at: '2026-11-20T19:00:00+08:00', amount: -5 }],
    };
    const badDate = {
      ...fresh,
      customerId: 'C-102',
      events: [{ eventId: 'z', type: 'visit', at: '2026-13-40', amount: 5 }],
    };
    const unknownType = {
      ...fresh,
      customerId: 'C-103',
      events: [{ eventId: 'w', type: 'teleport', at: '2026-11-20T19:00:00+08:00' }],
    };
    await writeFile(
      input,
      `${jsonl(lapsed, negative, badDate)}{not json\n${jsonl(unknownType, { ...fresh, customerId: '' })}`,
    );
    const run = await runCli(['score', '--input', input, '--as-of', '2026-11-23', '--output', output]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('5 bad record(s); nothing was written');
    expect(run.stderr).toContain('line 2, customer C-101: events[0].amount: must not be negative');
    expect(run.stderr).toContain('line 3, customer C-102: events[0].at: expected an ISO-8601 date-time with an offset');
    expect(run.stderr).toMatch(/line 4: \(whole line\): not valid JSON/);
    expect(run.stderr).toMatch(/line 5, customer C-103: events\[0\]\.type: .*visit/);
    expect(run.stderr).toContain('line 6: customerId: must not be empty');
    await expect(access(output)).rejects.toThrow();
    expect((await readdir(dir)).filter((name) => name.startsWith('bad-out'))).toEqual([]);
  });

  it('rejects the same customer on two lines', async () => {
    const input = join(dir, 'twice.jsonl');
    await writeFile(input, jsonl(fresh, lapsed, fresh));
    const run = await runCli(['score', '--input', input]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 3, customer C-100: customerId: the same customer is already on line 1');
  });

  it('reads a CSV of events in any row order and gives the same scores as the JSONL export', async () => {
    const csv = [
      'customerId,storeId,segment,core,membershipExpiresAt,storedValueBalance,eventId,type,at,amount,severity,category',
      'C-200,S1,member,true,,,e3,complaint,2026-11-10T12:00:00+08:00,,serious,dm',
      'C-100,S2,regular,false,,,x1,visit,2026-11-20T19:00:00+08:00,98,,',
      'C-200,S1,member,true,2026-09-30T23:59:59+08:00,120,e2,visit,2026-06-01T19:00:00+08:00,220,,',
      'C-200,S1,member,yes,,,e1,visit,2026-03-01T19:00:00+08:00,200,,',
    ].join('\n');
    await writeFile(join(dir, 'events.csv'), `\uFEFF${csv}\n`);
    await writeFile(join(dir, 'same.jsonl'), jsonl(lapsed, fresh));
    const fromCsv = await runCli(['score', '--input', join(dir, 'events.csv'), '--as-of', '2026-11-23']);
    const fromJsonl = await runCli(['score', '--input', join(dir, 'same.jsonl'), '--as-of', '2026-11-23']);
    expect(fromCsv.code).toBe(0);
    expect(fromCsv.stdout).toBe(fromJsonl.stdout);
  });

  it('names the CSV line and column of a bad cell', async () => {
    const csv = [
      'customerId,storeId,segment,eventId,type,at,amount',
      'C-1,S1,regular,e1,visit,2026-11-20T19:00:00+08:00,lots',
      'C-1,S1,vip,e2,visit,2026-11-21T19:00:00+08:00,5',
    ].join('\n');
    await writeFile(join(dir, 'bad.csv'), csv);
    const run = await runCli(['score', '--input', join(dir, 'bad.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 2, customer C-1: amount: expected number, received string');
    expect(run.stderr).toMatch(/line 3, customer C-1: segment: expected one of "member"\|"regular"/);
  });

  it('writes CSV with a BOM for Excel, all at once to --output', async () => {
    const input = join(dir, 'for-csv.jsonl');
    const output = join(dir, 'scores.csv');
    await writeFile(input, jsonl(lapsed, fresh));
    const run = await runCli(['score', '-i', input, '--as-of', '2026-11-23', '-f', 'csv', '-o', output]);
    expect(run.code).toBe(0);
    const text = await readFile(output, 'utf8');
    expect(
      text.startsWith(
        '\uFEFFcustomerId,storeId,level,band,score,tier,indicators,coreIndicators,evidence,policyVersion\n',
      ),
    ).toBe(true);
    expect(text.split('\n')[2]).toMatch(/^C-200,S1,3,,,,core_no_visit_2m;no_visit_3m;/);
  });

  it('scores as of a past date from the history up to it', async () => {
    const input = join(dir, 'past.jsonl');
    await writeFile(input, jsonl(lapsed));
    const run = await runCli(['score', '-i', input, '--as-of', '2026-06-15']);
    // In June the membership was still valid and the November complaint had not happened.
    expect(JSON.parse(run.stdout).indicators.map((finding: { id: string }) => finding.id)).toEqual([
      'stored_value_idle',
    ]);
    expect(run.stderr).toContain('1 event(s) after the as-of moment left out');
  });

  it('uses a policy file, and rejects a bad one naming the field', async () => {
    const input = join(dir, 'policy-input.jsonl');
    await writeFile(input, jsonl(lapsed));
    const policy = { ...presetPolicy('script-kill'), version: 'acme/2026.2' };
    await writeFile(join(dir, 'acme.yaml'), toYaml(policy));
    const good = await runCli(['score', '-i', input, '--policy', join(dir, 'acme.yaml')]);
    expect(JSON.parse(good.stdout).policyVersion).toBe('acme/2026.2');

    await writeFile(
      join(dir, 'broken.yaml'),
      toYaml({ ...policy, approval: { preApprovedUpToYuan: -1, deputyGeneralManagerUpToYuan: 500 } }),
    );
    const bad = await runCli(['score', '-i', input, '--policy', join(dir, 'broken.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('approval.preApprovedUpToYuan: Too small: expected number to be >=0');
  });

  it('answers a bad --as-of with exit 2', async () => {
    const input = join(dir, 'asof.jsonl');
    await writeFile(input, jsonl(fresh));
    const run = await runCli(['score', '-i', input, '--as-of', '23/11/2026']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--as-of: expected a date (2026-11-23)');
  });

  it('adds what the BG/NBD model says (P(alive), expected visits, risk) with --model, and says why for a customer it cannot judge', async () => {
    const input = join(dir, 'model.jsonl');
    await writeFile(input, jsonl(lapsed, fresh));
    const fitted = join(dir, 'models.json');
    // A hand-written model file, as `winback model fit` writes them: the chain's model only.
    await writeFile(
      fitted,
      JSON.stringify([{ storeId: '*', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }]),
    );
    const run = await runCli(['score', '-i', input, '--as-of', '2026-11-23', '--model', fitted]);
    expect(run.code).toBe(0);
    const [first, second] = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(first.customerId).toBe('C-100');
    expect(first.model).toEqual({ note: 'first visit 3 days ago: too little history for the model (needs 28)' });
    expect(second.model).toEqual({
      pAlive: expect.any(Number),
      expectedVisits: expect.any(Number),
      risk: expect.any(Number),
    });
    expect(second.model.risk).toBeGreaterThan(0.5);
    // A file from before the risk model still gives every customer a risk: BG/NBD's own, else 0.5 (unknown).
    expect([first.risk, first.riskSource]).toEqual([0.5, 'prior']);
    expect([second.risk, second.riskSource]).toEqual([Math.round(second.model.risk * 10_000) / 10_000, 'bg-nbd']);
    const csv = await runCli(['score', '-i', input, '--as-of', '2026-11-23', '--model', fitted, '--format', 'csv']);
    // The CSV keeps BG/NBD's own number as bgNbdRisk; risk is the calibrated risk every customer gets.
    expect(csv.stdout.split('\n')[0]).toMatch(/,policyVersion,pAlive,expectedVisits,bgNbdRisk,risk,riskSource$/);
    const bad = await runCli(['score', '-i', input, '--model', input]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--model:');
  });

  it('with --model fit, puts a calibrated risk and its source at the top of every line, a customer seen once 12 days ago included', async () => {
    const input = join(dir, 'chain.jsonl');
    const until = Date.parse('2026-11-23T23:59:59+08:00');
    const chain = simulateRhythmChain(VISIT_RHYTHMS[1]!, {
      customers: 800,
      seed: 4,
      until,
      historyDays: 900,
      beyondDays: 0,
    });
    const once = {
      customerId: 'C-ONCE',
      storeId: 'STORE-01',
      segment: 'regular',
      events: [{ eventId: 'o1', type: 'visit', at: '2026-11-11T19:00:00+08:00', amount: 128 }],
    };
    await writeFile(input, jsonl(...chain, once));
    const run = await runCli(['score', '-i', input, '--as-of', '2026-11-23', '--model', 'fit']);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(801);
    for (const line of lines) {
      expect(Object.keys(line).slice(0, 6)).toEqual([
        'customerId',
        'storeId',
        'level',
        'risk',
        'riskSource',
        'riskHorizonWeeks',
      ]);
      expect(line.risk).toBeGreaterThan(0);
      expect(line.risk).toBeLessThan(1);
    }
    const seenOnce = lines.find((line) => line.customerId === 'C-ONCE');
    expect(seenOnce).toMatchObject({ riskSource: 'learned', riskHorizonWeeks: 26 });
    // BG/NBD has no number for 12 days of history, and says so under model as before.
    expect(seenOnce.model).toEqual({ note: 'first visit 12 days ago: too little history for the model (needs 28)' });
    expect(run.stderr).toMatch(/chosen: learned/);
    expect(run.stderr).toContain('risk of no visit within 26 weeks for every customer: learned 801');
  });
});
