import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** The configuration set every email goes under, and the encrypted topic its bounces and complaints go to, in `scope`. */
function feedbackLoop(
  scope: Construct,
  names: { topicName?: string; configurationSetName?: string } = {},
): { configurationSet: ConfigurationSet; topic: Topic } {
  // SES publishes to an encrypted topic only with a key it may use.
  const key = new Key(scope, 'TopicKey', { description: 'Winback SES feedback topic', enableKeyRotation: true });
  key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  const topic = new Topic(scope, 'Topic', {
    displayName: 'Winback SES bounces and complaints',
    masterKey: key,
    enforceSSL: true,
    ...(names.topicName ? { topicName: names.topicName } : {}),
  });
  const configurationSet = new ConfigurationSet(scope, 'ConfigurationSet', {
    reputationMetrics: true,
    ...(names.configurationSetName ? { configurationSetName: names.configurationSetName } : {}),
  });
  configurationSet.addEventDestination('BouncesAndComplaints', {
    destination: EventDestination.snsTopic(topic),
    events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
  });
  return { configurationSet, topic };
}

/** Where the functions send mail: the region (undefined: the stack's own) and the configuration set. */
export interface MailTarget {
  region?: string;
  configurationSetName: string;
}

/**
 *   every email --(configuration set)--> SES --bounce / complaint--> MailFeedback topic --> mail-feedback
 *   --> the staff member marked undeliverable --> their deputy gets their steps
 */
export class MailFeedback extends Construct implements MailTarget {
  readonly configurationSetName: string;

  constructor(scope: Construct, id: string, props: { mailFeedback: IFunction }) {
    super(scope, id);
    const loop = feedbackLoop(this);
    loop.topic.addSubscription(new LambdaSubscription(props.mailFeedback));
    this.configurationSetName = loop.configurationSet.configurationSetName;
  }
}

/**
 * SES in another region than the stack (its own region has none, e.g. Hong Kong): the
 * configuration set and its topic must be in the region SES sends from, and CloudFormation
 * creates a stack's resources in one region only, so they are a stack of their own there. Names
 * are fixed (derived from the main stack's), so that neither stack references the other's
 * outputs; the main stack subscribes its function to the topic across regions and deploys after it.
 */
export class MailRegionStack extends Stack {
  readonly configurationSetName: string;
  readonly topicName: string;
  readonly mailRegion: string;

  constructor(scope: Construct, id: string, props: StackProps & { mailRegion: string; mainStackName: string }) {
    const { mailRegion, mainStackName, ...stackProps } = props;
    super(scope, id, { ...stackProps, env: { ...stackProps.env, region: mailRegion } });
    this.mailRegion = mailRegion;
    this.configurationSetName = `${mainStackName}-mail`;
    this.topicName = `${mainStackName}-mail-feedback`;
    feedbackLoop(new Construct(this, 'Mail'), {
      topicName: this.topicName,
      configurationSetName: this.configurationSetName,
    });
  }
}

/** The mail-feedback function subscribed, from the main stack, to the mail region's topic. */
export class CrossRegionMailFeedback extends Construct implements MailTarget {
  readonly configurationSetName: string;
  readonly region: string;

  constructor(scope: Construct, id: string, props: { mailFeedback: IFunction; mailStack: MailRegionStack }) {
    super(scope, id);
    const { mailStack } = props;
    this.configurationSetName = mailStack.configurationSetName;
    this.region = mailStack.mailRegion;
    const topicArn = `arn:${Aws.PARTITION}:sns:${this.region}:${Aws.ACCOUNT_ID}:${mailStack.topicName}`;
    props.mailFeedback.addPermission('MailRegionTopic', {
      principal: new ServicePrincipal('sns.amazonaws.com'),
      sourceArn: topicArn,
    });
    // A subscription lives in the topic's region: Region says which.
    new CfnSubscription(this, 'Subscription', {
      protocol: 'lambda',
      endpoint: props.mailFeedback.functionArn,
      topicArn,
      region: this.region,
    });
    Stack.of(this).addStackDependency(
      mailStack,
      'the configuration set and the feedback topic must exist before the functions send under them',
    );
  }
}
