import { type IAspect, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
// cdk-nag's own reading of a CloudFormation reference: the finding ids below must be spelled as it spells them.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** A wildcard the grants of this stack need, with the reason a reviewer reads. */
interface Justification {
  applies(finding: { kind: 'Action' | 'Resource'; value: string; actions: string[] }): boolean;
  reason: string;
}

const every = (actions: string[], prefix: string) => actions.every((action) => action.startsWith(prefix));

/** What Step Functions needs to deliver its logs to a log group. */
const LOG_DELIVERY = new Set([
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

const JUSTIFIED: readonly Justification[] = [
  {
    // One rule for all three: with @aws-cdk/aws-iam:minimizePolicies (cdk.json) they arrive as one statement.
    applies: ({ kind, value, actions }) =>
      kind === 'Resource' &&
      value === '*' &&
      actions.every(
        (action) => action.startsWith('xray:') || LOG_DELIVERY.has(action) || action === 'ses:GetSendQuota',
      ),
    reason:
      'X-Ray takes trace segments and sampling calls only on Resource "*"; so does CloudWatch Logs take the log-delivery actions Step Functions needs to write its execution logs (AWS documents both), and SES its account quota (GetSendQuota, which sends nothing)',
  },
  {
    applies: ({ kind, value, actions }) =>
      kind === 'Action' && (value === 'kms:GenerateDataKey*' || value === 'kms:ReEncrypt*') && every(actions, 'kms:'),
    reason:
      'the grant of the customer-managed key that encrypts the tables: the action families CDK grants, on that one key only',
  },
  {
    applies: ({ kind, value, actions }) =>
      kind === 'Resource' && /^<[A-Za-z0-9]+\.Arn>\/index\/\*$/.test(value) && every(actions, 'dynamodb:'),
    reason: "the secondary indexes of the one table granted (DynamoDB names an index's ARN under its table's)",
  },
  {
    applies: ({ kind, value, actions }) =>
      kind === 'Resource' && /^<[A-Za-z0-9]+\.Arn>:\*$/.test(value) && every(actions, 'lambda:InvokeFunction'),
    reason: 'the versions and aliases of the one function invoked',
  },
  {
    applies: ({ kind, value, actions }) =>
      kind === 'Resource' &&
      /:states:.*:execution:.*:\*$/.test(value) &&
      actions.every((action) => action === 'states:StopExecution' || action === 'states:DescribeExecution'),
    reason:
      "the executions of the one case state machine, whose names are not known in advance (an erasure stops the customer's open case; the scan looks up open cases to close those whose execution ended)",
  },
  {
    applies: ({ kind, value, actions }) =>
      kind === 'Resource' &&
      /:execute-api:.*\/\*\/POST\/v1\/erasures$/.test(value) &&
      actions.every((action) => action === 'execute-api:Invoke'),
    reason: 'the one erasure route, on whichever stage serves it',
  },
  {
    applies: ({ kind, value, actions }) =>
      kind === 'Resource' &&
      /^<[A-Za-z0-9]+\.Arn>\/reports\/\*$/.test(value) &&
      actions.every((action) => action === 's3:PutObject'),
    reason: 'report copies are written under reports/<kind>/<period>/, one object per copy, and only written',
  },
];

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 (wildcard permissions) finding by finding, and only
 * for the wildcards listed above with their reasons. Any other wildcard a change brings in stays
 * a finding and fails the synth and the tests. An aspect, so that it reads each policy as
 * synthesized, after every grant has been added to it.
 */
export class JustifiedWildcards implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnPolicy)) return;
    const document = Stack.of(node).resolve(node.policyDocument) as { Statement?: Statement[] };
    // One finding id can come from several statements: it is acknowledged only when every one of them is justified.
    const reasons = new Map<string, Array<string | undefined>>();
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      const actions = [statement.Action].flat();
      const findings = [
        ...actions
          .filter((action) => action.includes('*'))
          .map((value) => ({ kind: 'Action' as const, value, actions })),
        ...[statement.Resource]
          .flat()
          .map((resource) => flattenCfnReference(resource))
          .filter((value) => value.includes('*'))
          .map((value) => ({ kind: 'Resource' as const, value, actions })),
      ];
      for (const finding of findings) {
        const id = `AwsSolutions-IAM5[${finding.kind}::${finding.value}]`;
        reasons.set(id, [
          ...(reasons.get(id) ?? []),
          JUSTIFIED.find((candidate) => candidate.applies(finding))?.reason,
        ]);
      }
    }
    for (const [id, why] of reasons) {
      if (why.some((reason) => reason === undefined)) continue;
      Validations.of(node).acknowledge({ id, reason: [...new Set(why)].join('; ') });
    }
  }
}
