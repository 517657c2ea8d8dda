import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { inHoldout } from '#shared/cases/holdout.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { localCaseWorkflow } from '../../infra/local/local-case-workflow.ts';
import { caseAudit } from '../helpers/case-audit.ts';
import { lineOf } from '../helpers/case-fixtures.ts';
import { type CaseWorld, startCaseWorld } from '../helpers/case-world.ts';
import { event } from '../helpers/customer-builder.ts';
import { mailbox } from '../helpers/local-mailbox.ts';
import type { LocalTables } from '../helpers/local-tables.ts';
import { openLevelOneCase as openCaseIn } from '../helpers/open-case.ts';

let world: CaseWorld;
let local: LocalTables;
let workflow: Awaited<ReturnType<typeof localCaseWorkflow>>;
// The chain's own policy holds half of the alerted customers back; these two fall in the hold-out this month.
const held = Array.from({ length: 40 }, (_, i) => `C-HOLD${i}`)
  .filter((id) => inHoldout(id, '2026-11', 0.5))
  .slice(0, 2);

beforeAll(async () => {
  const policy = {
    ...presetPolicy('script-kill'),
    version: 'holdout-test/1',
    evaluation: { successTargets: { 1: 0.7, 2: 0.5, 3: 0.3 }, holdoutShare: 0.5 },
  };
  world = await startCaseWorld({
    staff: lineOf(['ops-head', 'cs-1']),
    // Policy time runs ten days a second, so the 90-day window ends in seconds.
    timeScale: 10 * 86_400,
    env: { WINBACK_POLICY_DOCUMENT: JSON.stringify(policy), WINBACK_CLOCK_EPOCH: String(Date.now()) },
  });
  local = world.local;
  workflow = await localCaseWorkflow();
});

afterAll(async () => {
  await workflow?.stop();
  await world?.stop();
});

const openCase = (customerId: string) => openCaseIn(local, customerId);

describe('a customer in the hold-out group (the measure of what the effort adds)', () => {
  it('is verified and tracked but never contacted, and closes lost at the end of the window without asking anyone why', async () => {
    expect(held).toHaveLength(2);
    const customerId = held[0] as string;
    const output = await workflow.run(await openCase(customerId));
    expect(output.verification).toMatchObject({ outcome: 'confirmed', holdout: true });
    expect(output.closed).toEqual({ outcome: 'lost' });
    expect(output.responsePlan).toBeUndefined();
    const alert = await new CaseStore(local.doc, local.names).alert(customerId, 'daily-1');
    expect(alert).toMatchObject({ status: 'lost', holdout: true });
    // Nobody was emailed: no plan, no contact, no follow-up task, no loss-reason request.
    expect(await mailbox(world.ses.url)).toEqual([]);
    const audit = await caseAudit(local.doc, local.names.audit, customerId);
    expect(audit.map((entry) => String(entry.step).replace(/-\d{3}$/, ''))).toEqual(
      expect.arrayContaining(['01-verify', '07-follow-up', '99-close']),
    );
    expect(audit.some((entry) => String(entry.step).includes('notify'))).toBe(false);
    expect(audit.find((entry) => entry.step === '01-verify')?.what).toContain('held out');
  }, 60_000);

  it('closes recovered when the held-out customer comes back on their own', async () => {
    const customerId = held[1] as string;
    const execution = workflow.start(await openCase(customerId));
    await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write(customerId, 'S1', [
      event.visit(
        new Date(
          Number(process.env.WINBACK_CLOCK_EPOCH) +
            (Date.now() - Number(process.env.WINBACK_CLOCK_EPOCH)) * 10 * 86_400 +
            86_400_000,
        ).toISOString(),
        98,
      ),
    ]);
    expect((await execution.result).closed).toEqual({ outcome: 'recovered' });
    expect(await new CaseStore(local.doc, local.names).alert(customerId, 'daily-1')).toMatchObject({
      status: 'recovered',
      holdout: true,
    });
  }, 60_000);
});
