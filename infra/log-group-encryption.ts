import { Aws, type IAspect, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

/**
 * Every log group of the stack encrypted with the stack's key, wherever it is created (the
 * functions, the API stages, the state machines in workflows/): an aspect, so that a log group
 * added later is covered without anyone remembering to. Logs can hold what a step did for a
 * customer; they get the same key as the tables.
 */
export class EncryptedLogGroups implements IAspect {
  readonly #key: IKey;

  constructor(key: IKey) {
    this.#key = key;
  }

  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup && node.kmsKeyId === undefined) node.kmsKeyId = this.#key.keyArn;
  }
}

/**
 * What CloudWatch Logs needs of a key before a log group can be created under it: its regional
 * service principal may use the key, only for this account's log groups in this region (the
 * encryption context CloudWatch Logs sends names the log group). Without it the log group's
 * creation fails at deploy, not at synth.
 */
export function allowCloudWatchLogs(key: IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${stack.region}:${Aws.ACCOUNT_ID}:log-group:*`,
        },
      },
    }),
  );
}
