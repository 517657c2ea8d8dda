import { describe, expect, it } from 'vitest';
import { caseFailureEmail } from '#shared/cases/case-failure.ts';
import { benefitIssuedEmail } from '#shared/mail/benefit-issued-email.ts';
import { bilingualEvidence, evidenceZh } from '#shared/mail/evidence-zh.ts';
import { followUpEmail } from '#shared/mail/follow-up-email.ts';
import { indicatorName } from '#shared/mail/indicator-names.ts';
import { type StepEmailInput, stepEmail } from '#shared/mail/step-email.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { deadlineInWords, momentInWords } from '#shared/time/staff-time.ts';

const policy = presetPolicy('script-kill');

const base: StepEmailInput = {
  step: 'response_plan',
  to: 'cs1@chain.example',
  ownerName: '王芳',
  customerLabel: 'C0****71·7K3FQ',
  storeId: 'STORE-01',
  level: 1,
  indicators: [
    {
      id: 'stored_value_idle',
      core: false,
      evidence: 'balance 333.00 yuan, last used 2025-09-22 (427 days ago, limit 90)',
    },
    { id: 'membership_lapsed', core: true, evidence: 'membership expired 2026-08-17, 98 days ago, not renewed' },
  ],
  policy,
  dueBy: '2026-11-24T02:00:00+08:00',
  firstContactBy: '2026-12-05T00:00:00+08:00',
  link: 'https://links.test/c/abc',
  reminder: 0,
};

describe('deadlines as staff read them', () => {
  it('says the day, the weekday and the time in the policy zone, a midnight deadline as 24:00 of the day before', () => {
    expect(deadlineInWords('2026-12-05T00:00:00+08:00', 'Asia/Shanghai')).toEqual({
      zh: '2026年12月4日（周五）24:00前',
      en: 'by Fri 4 Dec 2026, 24:00',
    });
    // An instant written in UTC is still read on the store's clock.
    expect(deadlineInWords('2026-11-24T06:30:00Z', 'Asia/Shanghai')).toEqual({
      zh: '2026年11月24日（周二）14:30前',
      en: 'by Tue 24 Nov 2026, 14:30',
    });
    expect(momentInWords('2026-11-20T02:00:00+08:00', 'Asia/Shanghai').zh).toBe('2026年11月20日（周五）02:00');
  });
});

describe('the step email (Art. 13)', () => {
  it('names the indicators and gives their evidence in Chinese first, English beside it, never an indicator id', () => {
    const mail = stepEmail(base);
    expect(mail.text).toContain(
      '储值长期未使用 stored value left unused：储值余额 333.00 元，最近使用 2025-09-22（427 天前，上限 90 天） / balance 333.00 yuan',
    );
    expect(mail.text).toContain(
      '[核心 core] 会员到期未续费 membership not renewed：会员 2026-08-17 到期，已过 98 天，未续费',
    );
    expect(mail.text).not.toMatch(/stored_value_idle|membership_lapsed/);
    expect(mail.html).toContain('<b>储值长期未使用 stored value left unused</b>');
  });

  it("gives the deadlines in words, the response plan's with the first contact it has to meet", () => {
    const mail = stepEmail(base);
    expect(mail.text).toContain(
      '响应计划截止：2026年11月24日（周二）02:00前；首次联系截止：2026年12月4日（周五）24:00前。',
    );
    expect(mail.text).toContain(
      'Response plan due by Tue 24 Nov 2026, 02:00; first contact due by Fri 4 Dec 2026, 24:00.',
    );
    expect(mail.text).not.toContain('+08:00');
  });

  it("states the first contact's deadline once", () => {
    const mail = stepEmail({ ...base, step: 'contact', dueBy: base.firstContactBy });
    expect(mail.text.match(/2026年12月4日（周五）24:00前/g)).toHaveLength(1);
    expect(mail.text.match(/by Fri 4 Dec 2026, 24:00/g)).toHaveLength(1);
  });

  it('names the benefit an approver is asked for, its cost and whose approval it needs', () => {
    const mail = stepEmail({
      ...base,
      step: 'approval',
      to: 'dgm@chain.example',
      ownerName: '吴副总',
      benefit: { name: '免费体验指定新剧本 free session of a new script', costYuan: 168 },
      approverRole: 'deputy_gm',
    });
    expect(mail.text).toContain(
      '申请福利：免费体验指定新剧本 free session of a new script（成本 ¥168），超出预批额度，需副总经理批准。',
    );
    expect(mail.text).toContain(
      "Benefit asked for: 免费体验指定新剧本 free session of a new script (costs ¥168), above the pre-approved limit: it needs the deputy general manager's approval.",
    );
    expect(mail.subject).toContain('C0****71·7K3FQ');
  });
});

describe('what the chain calls its indicators and benefits', () => {
  it("takes the policy's label first, then a name for the indicator, never leaving an id a person must decode", () => {
    expect(indicatorName('visit_gap', policy)).toBe('到店间隔过长 too long since the last visit');
    expect(indicatorName('core_no_visit_2m', policy)).toBe(
      '核心顾客连续2个月未到店 core customer, no visit in 2 months',
    );
    const labelled = {
      indicators: policy.indicators.map((entry) =>
        entry.id === 'visit_gap' ? { ...entry, label: '久未到店 long time no see' } : entry,
      ),
    };
    expect(indicatorName('visit_gap', labelled)).toBe('久未到店 long time no see');
    for (const preset of ['script-kill', 'med-aesthetics', 'esports', 'retail-rfm', 'script-kill-tuned']) {
      const each = presetPolicy(preset);
      for (const entry of each.indicators)
        expect(indicatorName(entry.id, each), `${preset} ${entry.id}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('labels 满100减30 as the spend-threshold coupon it is', () => {
    const coupon = policy.strategies[1].benefits.find((benefit) => benefit.id === 'coupon_30_off_100');
    expect(coupon?.name).toMatch(/^满100减30/);
    expect(coupon?.name).not.toMatch(/no-threshold|无门槛/);
  });

  it('gives evidence of an unknown shape in English alone rather than a wrong translation', () => {
    expect(evidenceZh('something new the indicators say')).toBeUndefined();
    expect(bilingualEvidence('something new the indicators say')).toBe('something new the indicators say');
    expect(
      evidenceZh('2 complaints in the last 30 days (limit 2): 2026-11-09 serious service, 2026-11-14 minor dm'),
    ).toBe('近 30 天投诉 2 次（上限 2）：2026-11-09 严重投诉（服务），2026-11-14 一般投诉（DM）');
  });
});

describe('the owner told of an issued benefit (Art. 16 (3))', () => {
  it('gives the code to hand to the customer, the benefit, its cost, who approved it and what to say', () => {
    const mail = benefitIssuedEmail({
      to: 'ops1@chain.example',
      ownerName: '孙强',
      customerLabel: 'C0****71·7K3FQ',
      storeId: 'STORE-01',
      level: 2,
      benefit: { name: '双人同行一人免单 two for one', costYuan: 128 },
      code: 'WB-0123456789AB',
      approvedBy: ['deputy_gm'],
    });
    expect(mail.to).toEqual(['ops1@chain.example']);
    expect(mail.subject).toBe('福利已发放 Benefit issued · WB-0123456789AB: C0****71·7K3FQ (STORE-01)');
    expect(mail.text).toContain('双人同行一人免单 two for one（成本 ¥128），已经副总经理批准');
    expect(mail.text).toContain('approved by the deputy general manager');
    expect(mail.text).toContain('兑换码 Code: WB-0123456789AB');
    expect(mail.text).toContain('到店时出示兑换码 WB-0123456789AB 即可使用');
  });
});

describe('the case-failed email', () => {
  it('is Chinese first with English beside it, the customer by reference, the date in words', () => {
    const mail = caseFailureEmail(
      {
        customerId: 'C0000071',
        alertId: 'daily-1',
        storeId: 'STORE-01',
        level: 1,
        identifiedAt: '2026-11-20T02:00:00+08:00',
      },
      { Error: 'NoContact', Cause: 'nothing recorded for C0000071' },
      ['ops@chain.example'],
      { customerLabel: 'C0****71·7K3FQ', timeZone: 'Asia/Shanghai' },
    );
    expect(mail.subject).toBe('[Winback] 个案失败 Case failed: C0****71·7K3FQ (STORE-01, L1) — NoContact');
    expect(mail.text.indexOf('顾客 C0****71·7K3FQ')).toBe(0);
    expect(mail.text).toContain('催办后仍没有记录首次联系');
    expect(mail.text).toContain('no first contact recorded after every reminder up the line');
    expect(mail.text).toContain('2026年11月20日（周五）02:00 识别');
    expect(mail.text).not.toContain('C0000071');
  });
});

describe('the follow-up task (Art. 16 (4))', () => {
  it('asks in Chinese first, with the end of the tracking window in words', () => {
    const mail = followUpEmail({
      to: 'cs1@chain.example',
      ownerName: '王芳',
      customerLabel: 'C0****71·7K3FQ',
      storeId: 'STORE-01',
      round: 2,
      everyDays: 7,
      trackUntil: '2027-02-18T00:00:00+08:00',
      timeZone: 'Asia/Shanghai',
    });
    expect(mail.subject).toBe('跟进 Follow-up 2: C0****71·7K3FQ (STORE-01)');
    expect(
      mail.text.startsWith(
        '王芳：顾客 C0****71·7K3FQ（门店 STORE-01）尚未回店，请按计划跟进（每 7 天）。跟踪期 2027年2月17日（周三）24:00前结束。',
      ),
    ).toBe(true);
    expect(mail.text).toContain('Tracking ends by Wed 17 Feb 2027, 24:00.');
  });
});
