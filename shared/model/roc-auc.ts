/**
 * The area under the ROC curve of a score for a yes/no outcome: the chance that a random positive
 * scores above a random negative (ties count half), by ranks (Mann-Whitney U). Undefined when
 * either class is empty.
 */
export function rocAuc(scored: ReadonlyArray<{ score: number; positive: boolean }>): number | undefined {
  const positives = scored.filter((s) => s.positive).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (
      j + 1 < sorted.length &&
      (sorted[j + 1] as { score: number }).score === (sorted[i] as { score: number }).score
    )
      j++;
    // Tied scores share the mean of their ranks (1-based).
    const meanRank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if ((sorted[k] as { positive: boolean }).positive) rankSum += meanRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
