import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type HttpApi, HttpStage, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * The $default stage of an HTTP API with access logs and its throttle (requests beyond it get 429
 * before any function runs). The line names the route template, never the path: a link's path is
 * its signed token, and whoever reads the logs must not be able to use it.
 */
export function stageWithAccessLogs(scope: Construct, api: HttpApi, throttle: ThrottleSettings): HttpStage {
  const logs = new LogGroup(scope, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
  return new HttpStage(scope, 'Stage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle,
    accessLogSettings: {
      destination: new LogGroupLogDestination(logs),
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          requestTime: '$context.requestTime',
          routeKey: '$context.routeKey',
          status: '$context.status',
          integrationLatency: '$context.integrationLatency',
          caller: '$context.identity.caller',
          error: '$context.error.message',
        }),
      ),
    },
  });
}
