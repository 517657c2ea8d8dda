import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/**
 *   every email --(configuration set)--> SES --bounce / complaint--> MailFeedback topic --> mail-feedback
 *   --> the staff member marked undeliverable --> their deputy gets their steps
 */
export class MailFeedback extends Construct {
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: { mailFeedback: IFunction }) {
    super(scope, id);
    // SES publishes to an encrypted topic only with a key it may use.
    const key = new Key(this, 'TopicKey', { description: 'Winback SES feedback topic', enableKeyRotation: true });
    key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'Topic', { displayName: 'Winback SES bounces and complaints', masterKey: key, enforceSSL: true });
    topic.addSubscription(new LambdaSubscription(props.mailFeedback));
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }
}
