import { Metrics } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.ts';

/**
 * CloudWatch metrics in the Embedded Metric Format, namespace Winback. Its own warnings (such as
 * an invocation with nothing to publish) go through the structured logger and its level.
 */
export const metrics = new Metrics({
  namespace: 'Winback',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'winback',
  logger,
});
