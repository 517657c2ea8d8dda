import { SendEmailCommand, SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Attachment, EmailMessage, Mailer } from '../../mail/email-message.ts';
import { withRetries } from '../dynamodb/retry.ts';

/** Sends through SES; locally the SDK reaches a local SES server through AWS_ENDPOINT_URL_SES. */
export class SesMailer implements Mailer {
  readonly #ses: SESClient;
  readonly #from: string;
  readonly #configurationSet: string | undefined;

  /** `configurationSet`: SES reports bounces and complaints of what is sent under it (MAIL_CONFIGURATION_SET). */
  constructor(ses: SESClient, from: string, configurationSet = process.env.MAIL_CONFIGURATION_SET) {
    this.#ses = ses;
    this.#from = from;
    this.#configurationSet = configurationSet || undefined;
  }

  async send(message: EmailMessage): Promise<void> {
    await withRetries(() =>
      this.#ses.send(
        new SendEmailCommand({
          Source: this.#from,
          ...(this.#configurationSet ? { ConfigurationSetName: this.#configurationSet } : {}),
          Destination: { ToAddresses: message.to, ...(message.cc ? { CcAddresses: message.cc } : {}) },
          Message: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          },
        }),
      ),
    );
  }

  /** SES takes attachments only as a whole MIME message: nodemailer's composer writes it (encodings, UTF-8 names). */
  async sendWithAttachments(message: EmailMessage & { attachments: readonly Attachment[] }): Promise<void> {
    const raw = await new MailComposer({
      from: this.#from,
      to: message.to,
      ...(message.cc ? { cc: message.cc } : {}),
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments.map((file) => ({ filename: file.filename, content: file.content, contentType: file.contentType })),
    })
      .compile()
      .build();
    await withRetries(() => this.#ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw }, ...(this.#configurationSet ? { ConfigurationSetName: this.#configurationSet } : {}) })));
  }
}
