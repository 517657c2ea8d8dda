import { CfnOutput } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { stageWithAccessLogs } from './api-access-logs.ts';

export interface IngestApiProps {
  ingestEvents: IFunction;
  ingestCustomers: IFunction;
  /** POST /v1/erasures: erasure on request, for the privacy officer's role only. */
  eraseCustomer: IFunction;
}

/**
 * The ingestion API's throttle, per second across the stage. Sources post batches (up to 500
 * records a request), so 50 requests a second is 25,000 records a second, well above what the
 * cashier and member systems send, and bursts of 100 absorb a source catching up after an outage.
 * Beyond it a sender gets 429 Too Many Requests and retries with backoff, instead of every ingest
 * function running at once and taking a new account's Lambda concurrency (often 10 to 100) from
 * the scans and cases.
 */
export const INGEST_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** The HTTP API the sources post to, signed with IAM (SigV4): POST /v1/events, POST /v1/customers; and POST /v1/erasures for the privacy officer. */
export class IngestApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description:
        'Winback ingestion: events and customer profiles from the cashier, member system, customer service and review platforms',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    stageWithAccessLogs(this, this.api, INGEST_THROTTLE);
    this.api.addRoutes({
      path: '/v1/events',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Events', props.ingestEvents),
    });
    this.api.addRoutes({
      path: '/v1/customers',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Customers', props.ingestCustomers),
    });
    this.api.addRoutes({
      path: '/v1/erasures',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Erasures', props.eraseCustomer),
    });
    new CfnOutput(scope, 'IngestApiUrl', { value: this.api.apiEndpoint });
  }
}
