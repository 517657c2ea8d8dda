import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch metrics in the Embedded Metric Format, namespace Winback. */
export const metrics = new Metrics({ namespace: 'Winback', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'winback' });
