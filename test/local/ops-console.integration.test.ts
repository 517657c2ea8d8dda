import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { OpsConsole } from '../../infra/local/ops-page.ts';
import { opsRoutes } from '../../infra/local/ops-routes.ts';
import { closeServer } from '../../infra/local/ports.ts';
import { LocalStepFunctions } from '../../infra/local/step-functions/local-step-functions.ts';
import { stepFunctionsRequestListener } from '../../infra/local/step-functions/step-functions-server.ts';
import { ARTIFACTS_DIR, launchChromium } from '../helpers/browser.ts';
import { localTables } from '../helpers/local-tables.ts';

const HOUR = 3_600_000;
// Policy time stands still here: a case is overdue because its deadline is before it.
const NOW = Date.parse('2026-12-04T10:00:00+08:00');

// The case workflow's shape where the ops page reads it: the alert's keys as input, a Lambda step,
// then a wait on the owner whose deadline sits at $.wait (seconds, dueBy, reminder).
const definition = {
  StartAt: 'Verify',
  States: {
    Verify: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:ap-east-1:123456789012:function:Verify',
      ResultPath: '$.verification',
      Next: 'AwaitResponsePlan',
    },
    AwaitResponsePlan: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'arn:aws:lambda:ap-east-1:123456789012:function:Notify',
        Payload: { 'wait.$': '$.wait', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.wait.seconds',
      ResultPath: '$.plan',
      End: true,
    },
  },
};

const STORES = ['STORE-01', 'STORE-02', 'STORE-03'];
const cases = [
  ...Array.from({ length: 55 }, (_, i) => ({
    customerId: `C${String(i + 1).padStart(4, '0')}`,
    alertId: `daily-${i + 1}`,
    storeId: STORES[i % 3] as string,
    dueBy: NOW + 24 * HOUR,
  })),
  { customerId: '13812345678', alertId: 'daily-late', storeId: 'STORE-02', dueBy: NOW - 30 * HOUR },
  { customerId: 'CFAIL0001', alertId: 'daily-fail', storeId: 'STORE-03', dueBy: NOW + 24 * HOUR },
];
const late = cases[55] as (typeof cases)[number];

let stepFunctions: LocalStepFunctions;
let sfnServer: Server;
let opsServer: Server;
let opsUrl: string;
let asked = 0;
let failedArn = '';

beforeAll(async () => {
  const tables = await localTables();
  const policy = presetPolicy('script-kill');
  await batchPut(
    tables.doc,
    tables.names.staff,
    sampleStaff(
      STORES,
      Object.values(policy.owners).map((owner) => owner.role),
    ).people,
  );
  stepFunctions = new LocalStepFunctions({
    region: 'ap-east-1',
    invoke: async (name, payload) => {
      const { customerId } = payload as { customerId?: string };
      // The cause names the customer, as a handler's error may: the page must show it masked.
      if (name.endsWith(':Verify') && customerId?.startsWith('CFAIL'))
        throw Object.assign(new Error(`no profile for ${customerId}`), { name: 'CustomerNotFound' });
      if (name.endsWith(':Notify')) asked += 1;
      return {};
    },
  });
  const caseArn = stepFunctions.createStateMachine('CaseStateMachine', definition);
  const scanArn = stepFunctions.createStateMachine('ScanStateMachine', {
    StartAt: 'Done',
    States: { Done: { Type: 'Succeed' } },
  });
  sfnServer = createServer(stepFunctionsRequestListener(stepFunctions));
  await new Promise<void>((resolve) => sfnServer.listen(0, '127.0.0.1', resolve));
  const sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${(sfnServer.address() as AddressInfo).port}`,
    region: 'ap-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });

  for (const [i, c] of cases.entries()) {
    const identifiedAt = new Date(NOW - 48 * HOUR).toISOString();
    const { executionArn } = stepFunctions.startExecution({
      stateMachineArn: caseArn,
      name: `L1-${c.storeId}-${maskedCustomer(c.customerId).replace(/\*/g, 'x')}-${i}`,
      input: JSON.stringify({
        customerId: c.customerId,
        alertId: c.alertId,
        storeId: c.storeId,
        level: 1,
        identifiedAt,
        wait: { seconds: 3600, reminder: 0, dueBy: new Date(c.dueBy).toISOString() },
      }),
    });
    if (c.customerId.startsWith('CFAIL')) failedArn = executionArn;
    await tables.doc.send(
      new PutCommand({
        TableName: tables.names.alerts,
        Item: {
          customerId: c.customerId,
          alertId: c.alertId,
          storeId: c.storeId,
          level: 1,
          status: 'open',
          identifiedAt,
        },
      }),
    );
  }
  // Alerts waiting in the work queue: two at STORE-01, one at STORE-03.
  for (const [customerId, storeId] of [
    ['CQ0001', 'STORE-01'],
    ['CQ0002', 'STORE-01'],
    ['CQ0003', 'STORE-03'],
  ] as const) {
    await tables.doc.send(
      new PutCommand({
        TableName: tables.names.alerts,
        Item: {
          customerId,
          alertId: 'daily-q',
          storeId,
          level: 1,
          status: 'queued',
          identifiedAt: new Date(NOW - HOUR).toISOString(),
        },
      }),
    );
  }
  // A breach as the breach step records it: the case's key, no store of its own.
  await tables.doc.send(
    new PutCommand({
      TableName: tables.names.audit,
      Item: {
        caseKey: `${late.customerId}#${late.alertId}`,
        entryKey: '10-breach-response_plan',
        step: '10-breach-response_plan',
        at: new Date(late.dueBy).toISOString(),
        actor: 'system',
        what: 'breach',
        details: { breach: true, deadline: 'response_plan', responsible: 'STAFF-07' },
      },
    }),
  );
  for (
    const until = Date.now() + 30_000;
    asked < cases.length - 1 || stepFunctions.describeExecution({ executionArn: failedArn }).status === 'RUNNING';
  ) {
    if (Date.now() > until) throw new Error(`only ${asked} of ${cases.length - 1} cases reached their wait`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const ops = new OpsConsole({
    sfn,
    doc: tables.doc,
    tables: tables.names,
    caseStateMachineArn: caseArn,
    scanStateMachineArn: scanArn,
    clock: () => ({ now: NOW, scale: 1 }),
    timeZone: 'Asia/Shanghai',
    policy,
  });
  opsServer = createServer((request, response) => {
    opsRoutes(request, response, ops, { setPace: async () => undefined, scan: async () => undefined }).then(
      (served) => (served ? undefined : response.writeHead(404).end()),
      (error: Error) => response.writeHead(500).end(error.stack),
    );
  });
  await new Promise<void>((resolve) => opsServer.listen(0, '127.0.0.1', resolve));
  opsUrl = `http://127.0.0.1:${(opsServer.address() as AddressInfo).port}/ops`;
}, 60_000);

afterAll(async () => {
  stepFunctions?.close();
  for (const server of [sfnServer, opsServer]) if (server) await closeServer(server);
});

const page = async (query = ''): Promise<string> => (await fetch(`${opsUrl}${query}`)).text();
/** The execution names the case list shows (the table after the filters), in order. */
const listed = (html: string): string[] =>
  [...(html.split('id="case-count"')[1]?.split('<h2>')[0] ?? '').matchAll(/arn=[^"]*">([^<]+)<\/a>/g)].map(
    (m) => m[1] as string,
  );

describe("the ops page as an operator's console", () => {
  it('says what is stuck first: the case waiting past its deadline and by how much, the failed case and why (masked), the queued alerts per store', async () => {
    const html = await page();
    const stuck = html.split('id="stuck"')[1]?.split('</section>')[0] ?? '';
    expect(stuck).toContain('Waiting past their deadline (1)');
    expect(stuck).toContain(maskedCustomer(late.customerId));
    expect(stuck).toContain('2026年12月3日（周四）04:00前');
    expect(stuck).toContain('late by 1天6小时 1d 6h');
    expect(stuck).toContain('Failed cases (1)');
    expect(stuck).toContain(`CustomerNotFound: no profile for ${maskedCustomer('CFAIL0001')}`);
    expect(stuck).toContain('Alerts queued, by store (3)');
    expect(stuck).toMatch(/STORE-01<\/td><td>2<\/td>.*STORE-03<\/td><td>1<\/td>/s);
    // Full ids are matched, never shown.
    expect(html).not.toContain('13812345678');
    expect(html).not.toContain('CFAIL0001');
  });

  it('lists every case a page of 50 at a time, overdue first, with counts per filter, and filters by status, store and overdue', async () => {
    const first = await page();
    expect(first).toContain('57 个符合 match; 第 1 / 2 页 page');
    expect(listed(first)).toHaveLength(50);
    expect(listed(first)[0]).toContain(maskedCustomer(late.customerId).replace(/\*/g, 'x'));
    const second = await page('?page=2');
    expect(listed(second)).toHaveLength(7);
    expect(new Set([...listed(first), ...listed(second)]).size).toBe(57);
    expect(first).toContain('RUNNING (56)');
    expect(first).toContain('STORE-02 (19)');

    const store = await page('?store=STORE-02');
    expect(listed(store)).toHaveLength(19);
    for (const name of listed(store)) expect(name).toContain('STORE-02');
    const failed = await page('?status=FAILED');
    expect(listed(failed)).toEqual([expect.stringContaining('STORE-03')]);
    expect(failed).toContain(`no profile for ${maskedCustomer('CFAIL0001')}`);
    const overdue = await page('?overdue=yes&store=STORE-01');
    expect(listed(overdue)).toEqual([]);
  });

  it('finds a case by the full customer id or alert id, and shows it masked', async () => {
    const byCustomer = await page(`?q=${late.customerId}`);
    expect(listed(byCustomer)).toHaveLength(1);
    expect(byCustomer.split('id="case-count"')[1]).toContain(maskedCustomer(late.customerId));
    expect(byCustomer.split('</form>').slice(3).join('')).not.toContain(late.customerId);
    expect(listed(await page('?q=daily-17'))).toHaveLength(1);
    expect(listed(await page('?q=nobody'))).toEqual([]);
  });

  it('fills the Breaches store from the case and shows times in the policy zone in words', async () => {
    const html = await page();
    const breaches = html.split('Breaches (1)')[1]?.split('<h2>')[0] ?? '';
    expect(breaches).toContain('<td>STORE-02</td>');
    expect(breaches).toContain('2026年12月3日（周四）04:00');
    expect(breaches).toContain('STAFF-07');
  });

  it('shows an execution as a timeline in words with its current wait and deadline; a failed one with why', async () => {
    const html = await page();
    const href =
      /href="(\/ops\/execution\?arn=[^"]+)"/
        .exec(html.split('id="case-count"')[1] ?? '')?.[1]
        ?.replaceAll('&#38;', '&') ?? '';
    const detail = await (await fetch(new URL(href, opsUrl))).text();
    expect(detail).toContain('AwaitResponsePlan：期限 deadline 2026年12月3日（周四）04:00前');
    expect(detail).toContain('已逾期 late by 1天6小时');
    expect(detail).toContain('进入 Entered <strong>Verify</strong>');
    expect(detail).toContain('已通知负责人，等待答复 Owner notified');
    expect(detail).not.toContain(late.customerId);
    expect(detail).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    const missing = await fetch(
      `${opsUrl}/execution?arn=arn:aws:states:ap-east-1:123456789012:execution:CaseStateMachine:gone`,
    );
    expect(missing.status).toBe(404);
  });

  it('works in a browser at phone and desktop sizes: filter, search, and open the timeline', async () => {
    const browser = await launchChromium();
    try {
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      for (const [label, viewport] of [
        ['phone', { width: 390, height: 844 }],
        ['desktop', { width: 1280, height: 900 }],
      ] as const) {
        const tab = await browser.newPage({ viewport });
        await tab.goto(opsUrl);
        await tab.selectOption('select[name="store"]', 'STORE-03');
        await tab.click('button:has-text("筛选 Filter")');
        await expect.poll(() => tab.textContent('#case-count')).toContain('19 个符合 match');
        await tab.screenshot({ path: join(ARTIFACTS_DIR, `ops-filtered-${label}.png`), fullPage: true });
        await tab.fill('input[name="q"]', 'CFAIL0001');
        await tab.click('button:has-text("筛选 Filter")');
        await expect.poll(() => tab.textContent('#case-count')).toContain('1 个符合 match');
        await tab.click('#case-count ~ table a');
        await expect.poll(() => tab.textContent('#facts')).toContain('CustomerNotFound');
        await tab.screenshot({ path: join(ARTIFACTS_DIR, `ops-timeline-${label}.png`), fullPage: true });
        await tab.close();
      }
    } finally {
      await browser.close();
    }
  });
});
