import { describe, expect, it } from 'vitest';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import { noReturnProbability } from '#shared/model/bg-nbd.ts';
import { calibrationReport, chanceCalibrationError } from '#shared/model/calibration-error.ts';
import { fitChainModels } from '#shared/model/fit-chain-models.ts';
import { RiskBook } from '#shared/model/risk-book.ts';
import { rocAuc } from '#shared/model/roc-auc.ts';
import { simulateBgNbdChain, simulateRhythmChain, VISIT_RHYTHMS } from '#shared/model/simulated-histories.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const UNTIL = Date.parse('2026-11-23T23:59:59+08:00');
const HORIZON_DAYS = 182;
const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);

interface Judged {
  risk: number;
  lost: boolean;
  visits: number[];
}

/** The models fitted on the history up to UNTIL only, every customer scored as of UNTIL, and what each did in the 26 weeks after. */
function fitAndScore(files: readonly CustomerFile[]): { judged: Judged[]; chosen: string; book: RiskBook } {
  const subjects = files.map((file) => ({ profile: file, state: foldCustomerFile(file, UNTIL).state }));
  const fit = fitChainModels(subjects, UNTIL, policy, clock);
  const book = new RiskBook(fit.models, policy);
  const judged = subjects.map((subject, i) => {
    const visits = files[i]!.events.map((e) => Date.parse(e.at));
    return {
      risk: book.riskOf(subject, UNTIL).risk,
      lost: !visits.some((at) => at > UNTIL && at <= UNTIL + HORIZON_DAYS * DAY),
      visits: visits.filter((at) => at <= UNTIL),
    };
  });
  return { judged, chosen: fit.risk.chain.chosen, book };
}

const ece = (rows: ReadonlyArray<{ probability: number; positive: boolean }>) => calibrationReport(rows)!.ece;

describe('the calibrated risk on customers whose true chance of not coming back is known', () => {
  it('matches the truth, out of time, on chains that follow the BG/NBD process', () => {
    for (const [params, seed] of [
      [{ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, 5],
      [{ r: 2, alpha: 6, a: 1.5, b: 12 }, 6],
    ] as const) {
      const files = simulateBgNbdChain(params, {
        customers: 4000,
        seed,
        until: UNTIL,
        historyDays: 730,
        beyondDays: HORIZON_DAYS,
      });
      const { judged } = fitAndScore(files);
      // Each customer's true probability of no visit in the 26 weeks, from the process's own parameters and their history.
      const truth = judged.map(({ visits }) =>
        noReturnProbability(
          params,
          { x: visits.length - 1, tx: (visits.at(-1)! - visits[0]!) / WEEK, T: (UNTIL - visits[0]!) / WEEK },
          26,
        ),
      );
      const meanGap = judged.reduce((sum, row, i) => sum + Math.abs(row.risk - truth[i]!), 0) / judged.length;
      expect(meanGap).toBeLessThan(0.045);
      const modelEce = ece(judged.map((row) => ({ probability: row.risk, positive: row.lost })));
      const truthEce = ece(judged.map((row, i) => ({ probability: truth[i]!, positive: row.lost })));
      expect(modelEce).toBeLessThan(0.04);
      expect(Math.abs(modelEce - truthEce)).toBeLessThan(0.025);
      // And what this many customers allow even a perfect risk: the model is within 0.025 of it.
      expect(modelEce - chanceCalibrationError(truth)!).toBeLessThan(0.025);
    }
  });
});

describe('the same methods across businesses of different rhythms', () => {
  for (const rhythm of VISIT_RHYTHMS) {
    it(`ranks and calibrates a ${rhythm.name} chain out of time, and ranks it better than the rules' levels do`, () => {
      const files = simulateRhythmChain(rhythm, {
        customers: 3000,
        seed: 41,
        until: UNTIL,
        historyDays: 1095,
        beyondDays: HORIZON_DAYS,
        stores: 2,
      });
      const { judged } = fitAndScore(files);
      const scored = judged.map((row) => ({ score: row.risk, probability: row.risk, positive: row.lost }));
      const subjects = files.map((file) => ({ profile: file, state: foldCustomerFile(file, UNTIL).state }));
      const { assess } = new PolicyScorer(policy).at(UNTIL);
      const levels = subjects.map((subject, i) => ({ score: assess(subject).level, positive: judged[i]!.lost }));
      expect(ece(scored)).toBeLessThan(0.05);
      expect(rocAuc(scored)!).toBeGreaterThan(rocAuc(levels)!);
      expect(rocAuc(scored)!).toBeGreaterThan(rhythm.meanGapDays[0] > 180 ? 0.6 : 0.9);
    });
  }
});
