import { describe, expect, it } from 'vitest';
import { caseExecutionName } from '#shared/cases/case-start.ts';
import { seededRandom } from '#shared/model/seeded-random.ts';
import {
  anonymisedAlert,
  anonymisedAuditEntry,
  anonymisedLedgerEntry,
  caseExecutionNameOf,
  checkErasable,
  ERASED_REASON,
  mentionsAny,
  NotErasableError,
  pseudonymFor,
  searchTerms,
} from '#shared/privacy/erasure-plan.ts';
import { caseFactsFromKept, keepResultFacts } from '#shared/privacy/kept-result-facts.ts';
import { type ResultCase, winbackResults } from '#shared/reports/winback-results.ts';

const DAY_MS = 86_400_000;
const windows = { afterDays: 90, beforeDays: 180 };

describe("the figures kept for the results of an erased customer's cases", () => {
  it('give the results row the events gave, for any history around any case', () => {
    const random = seededRandom(2046);
    const at = (from: number, days: number) => from + Math.floor(random() * days * DAY_MS);
    for (let trial = 0; trial < 300; trial++) {
      const alertAt = Date.parse('2026-07-01T02:00:00+08:00') + Math.floor(random() * 60) * DAY_MS;
      const closedAt = alertAt + Math.floor(random() * 100) * DAY_MS + (random() < 0.1 ? 0 : 3_600_000);
      const visits = Array.from({ length: Math.floor(random() * 6) }, () => ({
        at: at(alertAt - 200 * DAY_MS, 420),
        amount: Math.round(random() * 50_000) / 100,
      })).sort((a, b) => a.at - b.at);
      const surveys = Array.from({ length: Math.floor(random() * 4) }, () => ({
        at: at(alertAt - 200 * DAY_MS, 420),
        score: Math.round(random() * 100),
      })).sort((a, b) => a.at - b.at);
      const alert = {
        storeId: 'S1',
        level: 2 as const,
        status: random() < 0.6 ? 'recovered' : 'lost',
        identifiedAt: new Date(alertAt).toISOString(),
        closedAt: new Date(closedAt).toISOString(),
      };
      const original: ResultCase = { ...alert, visits, surveys, benefitCost: 30 };
      const kept: ResultCase = {
        ...alert,
        ...caseFactsFromKept(alert, keepResultFacts(alert, { visits, surveys }, windows)),
        benefitCost: 30,
      };
      expect(winbackResults([kept], ['S1'], windows), `trial ${trial}`).toEqual(
        winbackResults([original], ['S1'], windows),
      );
    }
  });

  it('hold no visit date, amount or survey of the person: a sum, a yes or no, two means', () => {
    const alert = { identifiedAt: '2026-07-10T02:00:00+08:00', closedAt: '2026-08-05T10:00:00+08:00' };
    const facts = {
      visits: [
        { at: Date.parse('2026-07-20T19:00:00+08:00'), amount: 100 },
        { at: Date.parse('2026-09-10T19:00:00+08:00'), amount: 150 },
        { at: Date.parse('2026-12-01T19:00:00+08:00'), amount: 80 }, // after the window
      ],
      surveys: [
        { at: Date.parse('2026-06-01T12:00:00+08:00'), score: 60 },
        { at: Date.parse('2026-09-15T12:00:00+08:00'), score: 80 },
        { at: Date.parse('2026-09-16T12:00:00+08:00'), score: 90 },
      ],
    };
    expect(keepResultFacts(alert, facts, windows)).toEqual({
      revenue: 250,
      visitedAfterClose: true,
      satisfactionBefore: 60,
      satisfactionAfter: 85,
    });
    expect(keepResultFacts(alert, { visits: [], surveys: [] }, windows)).toEqual({
      revenue: 0,
      visitedAfterClose: false,
    });
  });
});

describe('what an anonymised case keeps', () => {
  const alert = {
    customerId: 'C-0037',
    alertId: 'daily-2026-11-23',
    storeId: 'S1',
    level: 3,
    identifiedAt: '2026-11-23T02:00:00+08:00',
    status: 'in_progress',
    indicators: [{ id: 'visit_gap', core: true, evidence: 'last visit 2026-08-01, 114 days ago' }],
    levelHistory: [{ level: 2, at: '2026-11-20T02:00:00+08:00', runId: 'daily-2026-11-20', indicators: ['visit_gap'] }],
    awaiting: { step: 'contact', taskToken: 'secret' },
    approval_gm: { decision: 'approve', note: 'she is a friend of the owner' },
    executionName: 'L2-S1-C0xx37-20261120-1f3a9c0d',
    deadlines: { firstContactBy: '2026-11-26T18:00:00+08:00' },
    somethingNew: 'a field added later is not kept unless listed',
  };

  it('keeps what the reports count, under the pseudonym; an open case is stopped', () => {
    expect(anonymisedAlert(alert, 'erased-x')).toEqual({
      customerId: 'erased-x',
      alertId: 'daily-2026-11-23',
      storeId: 'S1',
      level: 3,
      identifiedAt: '2026-11-23T02:00:00+08:00',
      // Verified: still a confirmed warning, no longer open.
      status: 'erased',
      levelHistory: alert.levelHistory,
      deadlines: alert.deadlines,
    });
    expect(anonymisedAlert({ ...alert, status: 'open' }, 'erased-x').status).toBe('customer_gone');
  });

  it("keeps a lost case's category and the system's held-out reason, replaces a refusal's words, drops the rest", () => {
    const reason = (status: string, outcomeReason: string) =>
      anonymisedAlert({ ...alert, status, outcomeReason, closedAt: '2026-12-01T10:00:00+08:00' }, 'erased-x')
        .outcomeReason;
    expect(reason('lost', 'price')).toBe('price');
    expect(reason('lost', 'no visit within the tracking window, which ended 2027-02-21')).toBe(
      'no visit within the tracking window, which ended 2027-02-21',
    );
    expect(reason('lost', 'she moved to Hangzhou with her husband')).toBeUndefined();
    expect(reason('refused', '太贵了，别再打电话')).toBe(ERASED_REASON);
    expect(reason('recovered', 'came back on 2026-11-30')).toBeUndefined();
  });

  it("keeps an audit entry's step, time, staff and the details reports read; the new benefit code for the old", () => {
    const codes = new Map([['WB-OLD', 'WB-NEW']]);
    expect(
      anonymisedAuditEntry(
        {
          caseKey: 'C-0037#a',
          entryKey: '05-execute-0',
          step: '05-execute-0',
          at: '2026-11-24T10:00:00+08:00',
          actor: 'system',
          what: 'issued x as WB-OLD',
          details: { code: 'WB-OLD', approvedBy: ['dgm'] },
        },
        'erased-x',
        'a',
        codes,
      ),
    ).toEqual({
      caseKey: 'erased-x#a',
      entryKey: '05-execute-0',
      step: '05-execute-0',
      at: '2026-11-24T10:00:00+08:00',
      actor: 'system',
      details: { code: 'WB-NEW', approvedBy: ['dgm'] },
    });
    expect(
      anonymisedAuditEntry(
        {
          caseKey: 'C-0037#a',
          entryKey: '04-answer-0',
          step: '04-answer-0',
          at: 't',
          actor: 'sm-S1',
          what: 'first contact recorded',
          details: { answer: { said: '我搬家了' }, from: '10.0.0.7', userAgent: 'x' },
        },
        'erased-x',
        'a',
        codes,
      ),
    ).toEqual({ caseKey: 'erased-x#a', entryKey: '04-answer-0', step: '04-answer-0', at: 't', actor: 'sm-S1' });
    expect(
      anonymisedAuditEntry(
        { entryKey: 'b', details: { breach: true, deadline: 'contact', responsible: 'sm-S1', role: 'store_manager' } },
        'erased-x',
        'a',
        codes,
      ).details,
    ).toEqual({
      breach: true,
      deadline: 'contact',
      responsible: 'sm-S1',
      role: 'store_manager',
    });
  });

  it("keeps a ledger entry's amount, store, benefit, approvals and date under a new code", () => {
    expect(
      anonymisedLedgerEntry(
        {
          code: 'WB-OLD',
          caseKey: 'C-0037#a',
          customerId: 'C-0037',
          alertId: 'a',
          storeId: 'S1',
          benefitId: 'b',
          benefitName: '券',
          costYuan: 30,
          approvedBy: [],
          issuedAt: '2026-11-24T10:00:00+08:00',
        },
        'erased-x',
        'WB-NEW',
      ),
    ).toEqual({
      code: 'WB-NEW',
      caseKey: 'erased-x#a',
      customerId: 'erased-x',
      alertId: 'a',
      storeId: 'S1',
      benefitId: 'b',
      benefitName: '券',
      costYuan: 30,
      approvedBy: [],
      issuedAt: '2026-11-24T10:00:00+08:00',
    });
  });
});

describe('pseudonyms', () => {
  it('are the same for a rerun of the erasure, different per case and per erasure, and not of the customer id', () => {
    expect(pseudonymFor('key-1', 'a')).toBe(pseudonymFor('key-1', 'a'));
    expect(pseudonymFor('key-1', 'a')).not.toBe(pseudonymFor('key-1', 'b'));
    expect(pseudonymFor('key-1', 'a')).not.toBe(pseudonymFor('key-2', 'a'));
    expect(pseudonymFor('key-1', 'a')).toMatch(/^erased-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('are not erased again', () => {
    expect(() => checkErasable(pseudonymFor('k', 'a'))).toThrow(NotErasableError);
    expect(() => checkErasable('  ')).toThrow('customerId: must not be empty');
  });
});

describe('finding what is about the customer', () => {
  it('matches a rejected record holding the id or a contact value as a whole value, not inside another', () => {
    const terms = searchTerms('C-1', { name: '张三', phone: '13812345678', wechat: 'ab' });
    expect(terms).toEqual(['C-1', '13812345678']);
    expect(mentionsAny(JSON.stringify({ customerId: 'C-1', amount: -1 }), terms)).toBe(true);
    expect(mentionsAny(JSON.stringify({ customerId: '', contact: { phone: '13812345678' } }), terms)).toBe(true);
    expect(mentionsAny(JSON.stringify({ customerId: 'C-10' }), terms)).toBe(false);
  });

  it('names the case execution as it was started: with the level it was raised at, even after an escalation', () => {
    const alert = {
      alertId: 'daily-2026-11-20',
      storeId: 'S1',
      level: 3,
      identifiedAt: '2026-11-20T02:00:00+08:00',
      levelHistory: [{ level: 2 }, { level: 3 }],
    };
    expect(caseExecutionNameOf('C-0037', alert)).toBe(
      caseExecutionName({
        customerId: 'C-0037',
        storeId: 'S1',
        alertId: 'daily-2026-11-20',
        level: 2,
        identifiedAt: alert.identifiedAt,
      }),
    );
    expect(caseExecutionNameOf('C-0037', { ...alert, executionName: 'as-recorded' })).toBe('as-recorded');
  });
});
