import { z } from 'zod';
import { LOSS_REASON_WORKING_DAYS, MAX_REMINDERS } from '../cases/case-rounds.ts';
import { type AnyIndicatorKind, INDICATOR_KINDS } from '../indicators/indicator-catalog.ts';
import { REPORT_KINDS } from '../reports/report-kind.ts';
import { parseDay } from '../time/civil-day.ts';

/**
 * A policy document: every threshold, level rule, deadline, strategy and approval limit of a
 * store chain's churn policy, as data. One schema, checked when a policy is loaded; the JSON
 * Schema that editors use is generated from it (shared/policy/policy.schema.json).
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD', abort: true })
  .refine((text) => parseDay(text) !== undefined, 'no such date on the calendar');

const timeZone = z.string().refine((name) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Asia/Shanghai');

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected lower_snake_case, e.g. visit_gap');

export const LEVELS = [1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];
export type AlertLevel = 0 | Level;

function byLevel<T extends z.ZodType>(value: T) {
  return z.object({ 1: value, 2: value, 3: value }).strict();
}

function indicatorEntry<K extends AnyIndicatorKind>(kind: K) {
  const thresholds = kind.thresholds as z.ZodType;
  return z
    .object({
      id: identifier,
      kind: z.literal(kind.kind),
      label: z.string().optional(),
      core: z.boolean(),
      enabled: z.boolean().default(true),
      /** Points added to the score when it fires (rule `weighted`). */
      weight: z.number().min(0).optional(),
      /** Which customers it applies to, by their `core` flag. */
      customers: z.enum(['all', 'core', 'non-core']).default('all'),
      /** Per segment; null switches the indicator off for that segment. */
      thresholds: z.object({ member: thresholds.nullable(), regular: thresholds.nullable() }).strict(),
    })
    .strict()
    .describe(`${kind.kind}: ${kind.description}`);
}

const [firstKind, ...otherKinds] = INDICATOR_KINDS;
export const indicatorSchema = z.discriminatedUnion('kind', [
  indicatorEntry(firstKind),
  ...otherKinds.map(indicatorEntry),
]);

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const count = z.number().int().min(1);

/** SPEC section 3: level 3 on enough core indicators, level 2 on some core or many non-core, else level 1. */
const coreCountRule = z
  .object({
    rule: z.literal('core-count'),
    level3: z.object({ minCore: count }).strict(),
    level2: z.object({ minCore: count, minNonCore: count }).strict(),
    level1: z.object({ minNonCore: count }).strict(),
  })
  .strict();

/** Named bands (red / orange / yellow...), each firing when all its indicators fire; the highest level wins. */
const bandsRule = z
  .object({
    rule: z.literal('bands'),
    bands: z.array(z.object({ name: z.string().min(1), level, allOf: z.array(identifier).min(1) }).strict()).min(1),
  })
  .strict();

/** Indicator weights summed to a score; the highest band whose minimum the score reaches gives the level. */
const weightedRule = z
  .object({
    rule: z.literal('weighted'),
    bands: z.array(z.object({ name: z.string().min(1), level, minScore: z.number().positive() }).strict()).min(1),
  })
  .strict();

export const levelRuleSchema = z.discriminatedUnion('rule', [coreCountRule, bandsRule, weightedRule]);

const benefit = z
  .object({
    id: identifier,
    name: z.string().min(1),
    costYuan: z.number().min(0),
  })
  .strict();

const strategy = z
  .object({
    theme: z.string().min(1),
    actions: z.array(z.string().min(1)).min(1),
    benefits: z.array(benefit),
  })
  .strict();

const owner = z
  .object({
    role: identifier,
    department: z.string().min(1),
    description: z.string().optional(),
  })
  .strict();

const tier = z
  .object({
    name: z.string().min(1),
    /** Days since the last visit at most this (recency). */
    maxRecencyDays: z.number().int().min(0).optional(),
    /** Spend in the last 365 days at least this many yuan (monetary). */
    minSpend365Yuan: z.number().min(0).optional(),
    /** Visits in the last 365 days at least this many (frequency). */
    minVisits365: z.number().int().min(0).optional(),
  })
  .strict();

export const policySchema = z
  .object({
    $schema: z.string().optional(),
    id: identifier.describe('The preset or policy family, e.g. script_kill'),
    version: z.string().min(1).describe('Named by every alert this policy raises'),
    name: z.string().min(1),
    description: z.string().optional(),
    approvedBy: z.string().optional(),
    validFrom: isoDate,
    validTo: isoDate.nullable().default(null),
    timeZone: timeZone.default('Asia/Shanghai'),
    calendar: z
      .object({
        /** Public holidays and weekend make-up working days (调休) of mainland China, from the chinese-days package. */
        holidays: z.enum(['cn-statutory', 'none']).default('cn-statutory'),
        /** 0 = Sunday ... 6 = Saturday. */
        weekend: z.array(z.number().int().min(0).max(6)).default([0, 6]),
        extraHolidays: z.array(isoDate).default([]),
        extraWorkdays: z.array(isoDate).default([]),
      })
      .strict()
      .default({ holidays: 'cn-statutory', weekend: [0, 6], extraHolidays: [], extraWorkdays: [] }),
    indicators: z.array(indicatorSchema).min(1),
    levels: levelRuleSchema,
    tiers: z.array(tier).min(1).optional(),
    /** How the effort is judged (SPEC section 6, Art. 18-19, 24). */
    evaluation: z
      .object({
        /** Win-back success rate (recovered / alerted) each level should reach. */
        successTargets: byLevel(z.number().min(0).max(1)),
        /**
         * The share of alerted customers held back (verify and track, no contact, no benefit), so
         * that the evaluation can report what the effort adds over customers left alone. None of
         * the seeds asks for it: 0 by default.
         */
        holdoutShare: z.number().min(0).max(0.5),
        /** Alerts confirmed at verify, as a share of the alerts verified (Art. 24: at least 90%). */
        warningAccuracyTarget: z.number().min(0).max(1).default(0.9),
        /** Core customers lost or refused in a period, as a share of the store's active core customers (Art. 24: at most 5%). */
        coreChurnTarget: z.number().min(0).max(1).default(0.05),
        /** How far back a survey counts as "before the alert" when the satisfaction change is measured (Art. 18). */
        satisfactionBeforeDays: z.number().int().positive().max(730).default(180),
      })
      .strict()
      .default({
        successTargets: { 1: 0.7, 2: 0.5, 3: 0.3 },
        holdoutShare: 0,
        warningAccuracyTarget: 0.9,
        coreChurnTarget: 0.05,
        satisfactionBeforeDays: 180,
      }),
    /**
     * Who receives each report by email (roles of the staff directory). A person staffed for some
     * stores receives those stores' rows only; a person over every store ("*") the whole chain.
     */
    reports: z
      // A kind left out is stored but emailed to nobody.
      .object({
        audience: z.partialRecord(
          z.enum(REPORT_KINDS),
          z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a staff role in lower_snake_case')).min(1),
        ),
      })
      .strict()
      .default({
        audience: {
          weekly: ['store_manager', 'operations_head'],
          'risk-list': ['store_manager', 'operations_head'],
          evaluation: ['operations_head', 'deputy_gm', 'gm'],
          kpis: ['operations_head', 'deputy_gm', 'gm'],
          'churn-reasons': ['operations_head'],
          quarterly: ['operations_head', 'deputy_gm', 'gm'],
        },
      }),
    /** The BG/NBD return model beside the rules: the horizon its expected visits and risk look over. */
    model: z
      .object({ horizonWeeks: z.number().positive().max(104) })
      .strict()
      .default({ horizonWeeks: 26 }),
    /**
     * How many cases open at once (shared/queue/): every at-risk customer still gets an alert,
     * but a case (an execution, emails, a person's time) opens only as the owners can take it;
     * the rest wait as queued alerts, most at stake first. See docs/work-queue.md.
     */
    workQueue: z
      .object({
        /** `within-capacity`: open up to the owners' capacity, queue the rest. `everything`: every alert's case at once (the behaviour before the queue). */
        open: z.enum(['within-capacity', 'everything']).default('within-capacity'),
        /** New cases one person of an owner role takes per working day, by role (customer_service: 8). */
        newCasesPerDay: z.record(identifier, z.number().int().min(1).max(1000)).default({}),
        /**
         * For an owner role not named in newCasesPerDay: the figure of the lowest level it owns.
         * A level-1 call-back is a short call; a level-2 case a one-to-one talk and a benefit; a
         * level-3 case a special team's apology and rectification report.
         */
        defaultNewCasesPerDay: byLevel(z.number().int().min(1).max(1000)).default({ 1: 8, 2: 4, 3: 2 }),
        /**
         * Cases one person holds open at once, in working days of their intake (newCasesPerDay x
         * this): each open case comes back as a follow-up every few days until it closes, so new
         * cases wait while the desk is full. null: no limit but the daily intake.
         */
        workInHandDays: z.number().int().min(1).max(250).nullable().default(10),
        /**
         * Case executions started per second at most, across the chain. Each start sends its owner an
         * email (and copies the store manager): 5 a second stays under SES's default production rate
         * of 14 a second and far under Step Functions' StartExecution rate. The scan goes slower
         * still where the account's send rate needs it (mailShareForNewCases; the sandbox: 1 a second).
         */
        startsPerSecond: z.number().positive().max(500).default(5),
        /**
         * The share of the account's SES quota (what is left of the 24-hour quota, and the send
         * rate) a scan's new cases may use; the rest stays for reminders, running cases' steps and
         * reports. Alerts beyond it stay queued for the next scan.
         */
        mailShareForNewCases: z.number().gt(0).max(1).default(0.5),
        /**
         * The risk of losing the customer when no fitted model speaks for them (no model, or under
         * 28 days of history): a stand-in by level until a calibrated risk replaces it.
         */
        fallbackRisk: byLevel(z.number().gt(0).lt(1)).default({ 1: 0.3, 2: 0.5, 3: 0.7 }),
      })
      .strict()
      .default({
        open: 'within-capacity',
        newCasesPerDay: {},
        defaultNewCasesPerDay: { 1: 8, 2: 4, 3: 2 },
        workInHandDays: 10,
        startsPerSecond: 5,
        mailShareForNewCases: 0.5,
        fallbackRisk: { 1: 0.3, 2: 0.5, 3: 0.7 },
      }),
    deadlines: z
      .object({
        alertDeliveryWorkingDays: z.number().int().min(0),
        responsePlanHours: z.number().positive(),
        firstContactWorkingDays: byLevel(z.number().int().min(1)),
        followUpEveryDays: byLevel(z.number().int().min(1)),
        /** Days a case is tracked from its alert before it is judged; bounded by trackingWindowMaxDays (below). */
        trackingWindowDays: z.number().int().min(1),
        /** Working days an approver has to decide on a benefit above the pre-approved limit. */
        approvalWorkingDays: z.number().int().min(1).default(2),
        /**
         * Days a closed case keeps the customer from a new alert: a customer who refused is not
         * called again next morning (at any level), nor is one just given up on (unless their
         * level rises above the lost case's, e.g. a new serious complaint). After a false alarm
         * (the owner found the indicators not real) the same signs do not raise the same alert
         * again at once; a level above the case's is news.
         */
        quietDaysAfterClose: z
          .object({
            refused: z.number().int().min(0),
            lost: z.number().int().min(0),
            false_alarm: z.number().int().min(0).default(30),
          })
          .strict()
          .default({ refused: 180, lost: 90, false_alarm: 30 }),
      })
      .strict(),
    owners: byLevel(owner),
    strategies: byLevel(strategy),
    retention: z
      .object({
        /** Events older than this are deleted (TTL); the aggregated state keeps what the indicators need. */
        eventDays: z.number().int().min(800),
      })
      .strict()
      .default({ eventDays: 1095 }),
    approval: z
      .object({
        /** Benefits up to this cost are issued from the approved catalogue without a further approval. */
        preApprovedUpToYuan: z.number().min(0),
        /** Above the pre-approved limit the deputy general manager approves; above this the general manager too. */
        deputyGeneralManagerUpToYuan: z.number().min(0),
      })
      .strict(),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const ids = new Set<string>();
    policy.indicators.forEach((indicator, index) => {
      if (ids.has(indicator.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', index, 'id'],
          message: `duplicate indicator id "${indicator.id}"`,
        });
      }
      ids.add(indicator.id);
      if (policy.levels.rule === 'weighted' && indicator.enabled && indicator.weight === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', index, 'weight'],
          message: 'required by the weighted level rule',
        });
      }
    });
    if (policy.levels.rule === 'bands') {
      for (const [b, band] of policy.levels.bands.entries()) {
        for (const [i, id] of band.allOf.entries()) {
          if (!ids.has(id)) {
            ctx.addIssue({
              code: 'custom',
              path: ['levels', 'bands', b, 'allOf', i],
              message: `no indicator with id "${id}"`,
            });
          }
        }
      }
    }
    const ownerRoles = new Set(LEVELS.map((level) => policy.owners[level].role));
    for (const role of Object.keys(policy.workQueue.newCasesPerDay)) {
      if (!ownerRoles.has(role)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workQueue', 'newCasesPerDay', role],
          message: `no level is owned by "${role}"; owner roles: ${[...ownerRoles].join(', ')}`,
        });
      }
    }
    if (policy.validTo !== null && policy.validTo < policy.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not be before validFrom' });
    }
    const trackingMax = trackingWindowMaxDays(policy.deadlines);
    if (policy.deadlines.trackingWindowDays > trackingMax) {
      ctx.addIssue({
        code: 'custom',
        path: ['deadlines', 'trackingWindowDays'],
        message:
          trackingMax < 1
            ? `no room for tracking: the other deadlines, with every reminder, already take a case execution's year (${STANDARD_EXECUTION_DAYS} days)`
            : `must be at most ${trackingMax}: a case is one Step Functions Standard execution, which lives at most ${STANDARD_EXECUTION_DAYS} days, and the other deadlines with every reminder may take ${STANDARD_EXECUTION_DAYS - trackingMax} of them`,
      });
    }
    if (policy.approval.deputyGeneralManagerUpToYuan < policy.approval.preApprovedUpToYuan) {
      ctx.addIssue({
        code: 'custom',
        path: ['approval', 'deputyGeneralManagerUpToYuan'],
        message: 'must not be below preApprovedUpToYuan',
      });
    }
  });

/** How long a Step Functions Standard execution may run: one case's whole life must fit in it. */
export const STANDARD_EXECUTION_DAYS = 365;
/** Times a step is asked before the case fails: the first ask and the case workflow's reminders. */
const STEP_ROUNDS = 1 + MAX_REMINDERS;
/** Approvals a benefit may wait for: the deputy general manager's, then the general manager's. */
const APPROVERS = 2;
/** Days off a year a working-day deadline may straddle besides weekends: Spring Festival and National Day, up to 8 each. */
const HOLIDAY_DAYS = 16;

/**
 * The longest tracking window one case execution can hold: a year, less what the execution may
 * spend outside the window in the worst case, each step's deadline with every reminder after it
 * (alert delivery, response plan, first contact, each approval), the last follow-up round landing
 * after the window, and the lost case's reason. Working days count as 7/5 calendar days, plus the
 * year's long holidays. Safe rather than tight: the window runs from the alert, so the steps
 * before tracking mostly overlap it; a plan rejected and revised adds rounds it does not count.
 */
export function trackingWindowMaxDays(deadlines: {
  alertDeliveryWorkingDays: number;
  responsePlanHours: number;
  firstContactWorkingDays: Record<Level, number>;
  followUpEveryDays: Record<Level, number>;
  approvalWorkingDays: number;
}): number {
  const reminders = STEP_ROUNDS - 1;
  const workingDays =
    deadlines.alertDeliveryWorkingDays +
    Math.max(...LEVELS.map((level) => deadlines.firstContactWorkingDays[level])) +
    reminders +
    APPROVERS * deadlines.approvalWorkingDays * STEP_ROUNDS +
    LOSS_REASON_WORKING_DAYS +
    reminders;
  const spent =
    Math.ceil((workingDays * 7) / 5) +
    HOLIDAY_DAYS +
    Math.ceil((deadlines.responsePlanHours * STEP_ROUNDS) / 24) +
    Math.max(...LEVELS.map((level) => deadlines.followUpEveryDays[level]));
  return STANDARD_EXECUTION_DAYS - spent;
}

export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type IndicatorConfig = Policy['indicators'][number];
export type LevelRule = Policy['levels'];
