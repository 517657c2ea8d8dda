import { describe, expect, it } from 'vitest';
import { CaseRecordError, parseCaseRecord } from '#shared/cases/case-record.ts';

/** An alert as the scan writes it and the case steps find it before anyone was asked. */
const stored = {
  customerId: 'C0000037',
  alertId: 'daily-1',
  storeId: 'S1',
  level: 1,
  status: 'open',
  identifiedAt: '2026-11-23T02:00:00+08:00',
  indicators: [{ id: 'visit_gap', core: false, evidence: 'last visit 100 days ago, limit 60' }],
  levelHistory: [{ level: 1, at: '2026-11-23T02:00:00+08:00', runId: 'daily-1', indicators: ['visit_gap'] }],
  priority: 420,
};

const awaiting = {
  step: 'approval',
  taskToken: 'token-1',
  linkId: 'link-1',
  personId: 'dgm',
  round: 1,
  revision: 0,
  dueBy: '2026-11-27T00:00:00+08:00',
  role: 'deputy_gm',
  benefit: { id: 'two_for_one', name: 'two for one', costYuan: 128 },
};

function failureOf(item: unknown): CaseRecordError {
  try {
    parseCaseRecord(item);
  } catch (error) {
    if (error instanceof CaseRecordError) return error;
    throw error;
  }
  throw new Error('the item parsed');
}

describe('the stored case, read by the case steps and pages', () => {
  it('reads an alert the scan raised, before any step wrote on it: no revision yet, nothing awaited', () => {
    const record = parseCaseRecord(stored);
    expect(record).toMatchObject({ customerId: 'C0000037', level: 1, status: 'open', revision: 0 });
    expect(record.awaiting).toBeUndefined();
    expect(record.indicators.map((finding) => finding.id)).toEqual(['visit_gap']);
  });

  it('reads what the steps wrote: the awaited step, the approvals and the benefit told', () => {
    const record = parseCaseRecord({
      ...stored,
      status: 'in_progress',
      revision: 1,
      awaiting,
      strategy: 'two_for_one',
      approval_deputy_gm: { decision: 'approve', note: '', by: 'dgm', at: '2026-11-25T10:00:00+08:00' },
      benefitTold: { code: 'WB-1', at: '2026-11-25T10:01:00+08:00' },
    });
    expect(record.awaiting).toMatchObject({ step: 'approval', personId: 'dgm', benefit: { costYuan: 128 } });
    expect(record.approval_deputy_gm?.decision).toBe('approve');
    expect(record.benefitTold?.code).toBe('WB-1');
  });

  it('names the alert with the customer masked and the field at fault, never the value it holds', () => {
    const error = failureOf({ ...stored, status: 'in_progress', awaiting: { ...awaiting, taskToken: 13_800_138_000 } });
    expect(error.fields).toEqual(['awaiting.taskToken']);
    expect(error.message).toContain('C0****37#daily-1');
    expect(error.message).toContain('awaiting.taskToken');
    expect(error.message).not.toContain('C0000037');
    expect(error.message).not.toContain('13800138000');
  });

  it('masks a customer id that is a phone number', () => {
    const error = failureOf({ ...stored, customerId: '13800138000', level: 7 });
    expect(error.fields).toEqual(['level']);
    expect(error.message).not.toContain('13800138000');
    expect(error.caseKey).toBe('138****8000#daily-1');
  });

  it('says so when the item has no keys at all', () => {
    expect(failureOf({ status: 'open' }).caseKey).toBe('?#?');
  });
});
