import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from './metrics.ts';

/** The end of the case funnel: one CasesClosed count with its outcome as the dimension, published at once (apart from the invocation's other metrics). */
export function countCaseClosed(outcome: string): void {
  const single = metrics.singleMetric();
  single.addDimension('outcome', outcome);
  single.addMetric('CasesClosed', MetricUnit.Count, 1);
}
