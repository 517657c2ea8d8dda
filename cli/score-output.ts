import { stringify } from 'csv-stringify/sync';
import type { CustomerScore } from '#shared/scoring/policy-scorer.ts';

export type OutputFormat = 'jsonl' | 'csv';

export function formatScores(scores: readonly CustomerScore[], format: OutputFormat): string {
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
        ]
      : []),
  ]);
  // A BOM, so that Excel reads the Chinese text of the evidence as UTF-8.
  return `\uFEFF${stringify(rows, {
    header: true,
    columns: ['customerId', 'storeId', 'level', 'band', 'score', 'tier', 'indicators', 'coreIndicators', 'evidence', 'policyVersion', ...(withModel ? ['pAlive', 'expectedVisits', 'risk'] : [])],
  })}`;
}
