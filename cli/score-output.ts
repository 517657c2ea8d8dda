import type { RiskReading } from '#shared/model/risk-book.ts';
import type { RiskSource } from '#shared/model/risk-model.ts';
import { csvFile } from '#shared/reports/csv-file.ts';
import type { CustomerScore } from '#shared/scoring/policy-scorer.ts';

export type OutputFormat = 'jsonl' | 'csv';

/** A score, and with models the calibrated risk of no visit within `riskHorizonWeeks` and where it came from. */
export type ScoredLine = CustomerScore & {
  risk?: number;
  riskSource?: RiskSource;
  riskHorizonWeeks?: number;
  riskNote?: string;
};

/** The score with the risk beside the level, at the top of the line (the model's details stay under `model`). */
export function withRisk(score: CustomerScore, reading: RiskReading): ScoredLine {
  const { customerId, storeId, level, ...rest } = score;
  const note =
    reading.note ??
    (reading.reasons && reading.reasons.length > 0
      ? `most weight: ${reading.reasons.map((reason) => reason.feature).join(', ')}`
      : undefined);
  return {
    customerId,
    storeId,
    level,
    risk: Math.round(reading.risk * 10_000) / 10_000,
    riskSource: reading.source,
    riskHorizonWeeks: reading.horizonWeeks,
    ...(note === undefined ? {} : { riskNote: note }),
    ...rest,
  };
}

export function formatScores(scores: readonly ScoredLine[], format: OutputFormat): string {
  if (format === 'jsonl') return scores.map((score) => `${JSON.stringify(score)}\n`).join('');
  const withModel = scores.some((score) => score.model !== undefined);
  const rows = scores.map((score) => [
    score.customerId,
    score.storeId,
    score.level,
    score.band ?? '',
    score.score ?? '',
    score.tier ?? '',
    score.indicators.map((finding) => finding.id).join(';'),
    score.indicators.filter((finding) => finding.core).length,
    score.indicators.map((finding) => `${finding.id}: ${finding.evidence}`).join(' | '),
    score.policyVersion,
    // The model's columns come last, and only when scored with a model: the usual export keeps its shape.
    ...(withModel
      ? [
          score.model && 'risk' in score.model ? score.model.pAlive.toFixed(4) : '',
          score.model && 'risk' in score.model ? score.model.expectedVisits.toFixed(3) : '',
          score.model && 'risk' in score.model ? score.model.risk.toFixed(4) : (score.model?.note ?? ''),
          score.risk === undefined ? '' : score.risk.toFixed(4),
          score.riskSource ?? '',
        ]
      : []),
  ]);
  // With a BOM, so that Excel reads the Chinese text of the evidence as UTF-8; cells neutralised against formulas.
  return csvFile(
    [
      'customerId',
      'storeId',
      'level',
      'band',
      'score',
      'tier',
      'indicators',
      'coreIndicators',
      'evidence',
      'policyVersion',
      ...(withModel ? ['pAlive', 'expectedVisits', 'bgNbdRisk', 'risk', 'riskSource'] : []),
    ],
    rows,
  );
}
