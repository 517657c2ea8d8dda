import { CfnOutput } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * The pages behind email links: GET shows a step, POST decides it. Open to the internet; each
 * link carries a signed, expiring, single-use token bound to the person it was sent to.
 */
export class LinksApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: { casePage: IFunction }) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'Winback pages behind the links in emails' });
    this.api.addRoutes({ path: '/c/{token}', methods: [HttpMethod.GET, HttpMethod.POST], integration: new HttpLambdaIntegration('CasePage', props.casePage) });
    new CfnOutput(scope, 'LinksUrl', { value: this.api.apiEndpoint });
  }
}
