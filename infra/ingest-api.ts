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

/** The HTTP API the sources post to, signed with IAM (SigV4): POST /v1/events, POST /v1/customers; and POST /v1/erasures for the privacy officer. */
export class IngestApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Winback ingestion: events and customer profiles from the cashier, member system, customer service and review platforms',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    stageWithAccessLogs(this, this.api);
    this.api.addRoutes({ path: '/v1/events', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('Events', props.ingestEvents) });
    this.api.addRoutes({ path: '/v1/customers', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('Customers', props.ingestCustomers) });
    this.api.addRoutes({ path: '/v1/erasures', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('Erasures', props.eraseCustomer) });
    new CfnOutput(scope, 'IngestApiUrl', { value: this.api.apiEndpoint });
  }
}
