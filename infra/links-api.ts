import { CfnOutput, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { stageWithAccessLogs } from './api-access-logs.ts';

/**
 * The links API's throttle, per second across the stage. People open these pages one click at a
 * time: a chain's few hundred staff reach a few requests a second at most, so 20 a second with
 * bursts of 50 never stops a person, while a flood from the internet (the one public API) stops
 * here, before it runs up Lambda invocations and takes the account's concurrency from the scans.
 */
export const LINKS_THROTTLE = { rateLimit: 20, burstLimit: 50 } as const;

/**
 * The pages behind email links: GET shows a step, POST decides it. Open to the internet; each
 * link carries a signed, expiring, single-use token bound to the person it was sent to.
 */
export class LinksApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: { casePage: IFunction; worklistPage: IFunction }) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Winback pages behind the links in emails',
      createDefaultStage: false,
    });
    stageWithAccessLogs(this, this.api, LINKS_THROTTLE);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'the pages behind email links are opened from a mail client with no AWS credentials; each link carries a signed, expiring, single-use token bound to its recipient, checked by the handler',
    });
    this.api.addRoutes({
      path: '/c/{token}',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('CasePage', props.casePage),
    });
    // A person's worklist, from their morning digest: read-only, so GET alone.
    this.api.addRoutes({
      path: '/w/{token}',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('WorklistPage', props.worklistPage),
    });
    new CfnOutput(scope, 'LinksUrl', { value: this.api.apiEndpoint });
  }
}
