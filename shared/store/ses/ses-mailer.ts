import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { EmailMessage, Mailer } from '../../mail/email-message.ts';
import { withRetries } from '../dynamodb/retry.ts';

/** Sends through SES; locally the SDK reaches a local SES server through AWS_ENDPOINT_URL_SES. */
export class SesMailer implements Mailer {
  readonly #ses: SESClient;
  readonly #from: string;

  constructor(ses: SESClient, from: string) {
    this.#ses = ses;
    this.#from = from;
  }

  async send(message: EmailMessage): Promise<void> {
    await withRetries(() =>
      this.#ses.send(
        new SendEmailCommand({
          Source: this.#from,
          Destination: { ToAddresses: message.to, ...(message.cc ? { CcAddresses: message.cc } : {}) },
          Message: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          },
        }),
      ),
    );
  }
}
