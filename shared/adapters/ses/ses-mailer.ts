import { type SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Attachment, EmailMessage, Mailer } from '../../mail/email-message.ts';
import { MAIL_DAILY_QUOTA_EXCEEDED, MAIL_RATE_EXCEEDED, MailDeferredError } from '../../mail/mail-deferred.ts';
import { withRetries } from '../aws-retry.ts';

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'LimitExceededException']);

/**
 * SES throttling, once the SDK's own retries gave up, as the error the workflow waits out (a
 * Lambda that slept here would pay for the wait and hold a concurrency slot); anything else as is.
 * SES says which limit in the message: "Maximum sending rate exceeded" or "Daily message quota exceeded".
 */
function deferredOrAsIs(error: unknown): unknown {
  const { name = '', message = '' } = (error ?? {}) as { name?: string; message?: string };
  if (!THROTTLED.has(name)) return error;
  return /daily|24.?hour|quota/i.test(message)
    ? new MailDeferredError(MAIL_DAILY_QUOTA_EXCEEDED, 'SES: the 24-hour sending quota is used up')
    : new MailDeferredError(MAIL_RATE_EXCEEDED, 'SES: the maximum send rate is exceeded');
}

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
    await this.#sent(() =>
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
      attachments: message.attachments.map((file) => ({
        filename: file.filename,
        content: file.content,
        contentType: file.contentType,
      })),
    })
      .compile()
      .build();
    await this.#sent(() =>
      this.#ses.send(
        new SendRawEmailCommand({
          RawMessage: { Data: raw },
          ...(this.#configurationSet ? { ConfigurationSetName: this.#configurationSet } : {}),
        }),
      ),
    );
  }

  /** A send retried here after a passing fault (5xx, a dropped connection); throttling goes back to the workflow. */
  async #sent(send: () => Promise<unknown>): Promise<void> {
    await withRetries(async () => {
      try {
        await send();
      } catch (error) {
        throw deferredOrAsIs(error);
      }
    });
  }
}
