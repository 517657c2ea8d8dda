import { WAITING_STEPS, type WaitingStep } from '../cases/waiting-steps.ts';
import { bilingualEvidence } from '../mail/evidence-zh.ts';
import { indicatorName } from '../mail/indicator-names.ts';
import { approverTitle } from '../mail/staff-wording.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { bilingual, type StaffWords } from '../time/staff-time.ts';

/** A report's line as staff read it: Chinese first, the English beside it. */
export const inBoth = (zh: string, en: string): string => bilingual({ zh, en });

/** Words as a table cell or title shows them: "跟进中 in progress" (one word twice is shown once). */
export const sideBySide = (words: StaffWords): string => (words.zh === words.en ? words.zh : `${words.zh} ${words.en}`);

/**
 * The column titles the report pages share, Chinese first with the English beside it: the same
 * thing is called the same on every page.
 */
export const COLUMN = {
  store: '门店 Store',
  level: '等级 Level',
  customer: '顾客 Customer',
  atStake: '风险价值 At stake',
  alerted: '预警 Alerted',
  recovered: '挽回 Recovered',
  open: '未结个案 Open',
  successRate: '挽回成功率 Success rate',
  interval: '95%区间 95% interval',
  share: '占比 Share',
  target: '目标 Target',
  mark: '达标情况 Mark',
  benefitCost: '福利成本 Benefit cost',
  breaches: '超时 Breaches',
  total: '合计 Total',
} as const;

/** A mark against a target (a success rate, an accuracy, a churn rate), as staff say it. */
const MARK: Record<'meets' | 'misses' | 'no cases', StaffWords> = {
  meets: { zh: '达标', en: 'meets' },
  misses: { zh: '未达标', en: 'misses' },
  'no cases': { zh: '无个案', en: 'no cases' },
};

/** "未达标 misses". */
export const markInWords = (mark: keyof typeof MARK): string => sideBySide(MARK[mark]);

/** A step a case waited on, by the title its email and page carry; one not known, as recorded. */
export function stepWords(step: string): StaffWords {
  const known = WAITING_STEPS[step as WaitingStep] as (typeof WAITING_STEPS)[WaitingStep] | undefined;
  return known ? { zh: known.titleZh, en: known.titleEn } : { zh: step, en: step };
}

/** "响应计划 Response plan". */
export const stepInWords = (step: string): string => sideBySide(stepWords(step));

/**
 * A person and a role as the pages name them: the person by name (the id beside it, as the CSV has
 * it), the role by the policy's department for an owner role or the approver's title.
 */
export interface PeopleInWords {
  person(id: string): string;
  role(role: string): string;
}

export function peopleInWords(
  policy: Pick<Policy, 'owners'>,
  staff?: { person(id: string): { name: string } | undefined },
): PeopleInWords {
  const departments = new Map(Object.values(policy.owners).map((owner) => [owner.role, owner.department]));
  return {
    person: (id) => {
      const name = staff?.person(id)?.name;
      return name ? `${name}（${id}）` : id;
    },
    // A role no level owns is an approver's (副总经理 deputy general manager), or shown as recorded.
    role: (role) => departments.get(role) ?? sideBySide(approverTitle(role)),
  };
}

/** Where an alert stands (shared/cases/case-record.ts alertStatus), as staff say it. */
const STATUS: Record<string, StaffWords> = {
  queued: { zh: '排队中', en: 'queued' },
  dequeued: { zh: '已出队（不再有风险）', en: 'left the queue (no longer at risk)' },
  open: { zh: '已开案', en: 'open' },
  in_progress: { zh: '跟进中', en: 'in progress' },
  self_recovered: { zh: '自行回店', en: 'came back by themselves' },
  customer_gone: { zh: '顾客档案已删除', en: 'customer file gone' },
  recovered: { zh: '已挽回', en: 'recovered' },
  refused: { zh: '顾客拒绝', en: 'refused' },
  lost: { zh: '已流失', en: 'lost' },
  failed: { zh: '个案失败', en: 'failed' },
  erased: { zh: '已按要求删除', en: 'erased on request' },
  false_alarm: { zh: '误报', en: 'false alarm' },
};

/** A status as staff say it; one the list does not know, as recorded. */
export function statusWords(status: string): StaffWords {
  return STATUS[status] ?? { zh: status, en: status };
}

/** A status as a table cell shows it: "跟进中 in progress". */
export const statusInWords = (status: string): string => sideBySide(statusWords(status));

/**
 * An indicator as a report shows it: the policy's name for it (never its id), core marked, and
 * the evidence Chinese first with the English beside it, as the step emails and pages show it.
 */
export function indicatorInWords(
  finding: { id: string; core: boolean; evidence: string },
  policy: Pick<Policy, 'indicators'>,
): string {
  return `${finding.core ? '[核心 core] ' : ''}${indicatorName(finding.id, policy)}：${bilingualEvidence(finding.evidence)}`;
}
