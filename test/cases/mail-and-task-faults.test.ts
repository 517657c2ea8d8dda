import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { MAIL_DAILY_QUOTA_EXCEEDED, MAIL_RATE_EXCEEDED } from '#shared/mail/mail-deferred.ts';

const ses = mockClient(SESClient);
const mailer = new SesMailer(
  new SESClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  'winback@chain.example',
);
const fault = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const message = {
  to: ['cs1@chain.example'],
  cc: ['ops@chain.example'],
  subject: '1级流失预警',
  text: '王芳：…',
  html: '<p>王芳：…</p>',
};

beforeEach(() => ses.reset());

describe('sending case emails through SES', () => {
  it('retries a passing SES fault within the step and sends the message once it goes through, in UTF-8 with copies', async () => {
    ses.on(SendEmailCommand).rejectsOnce(fault('ServiceUnavailable', 503)).resolves({ MessageId: 'm-1' });
    await mailer.send(message);
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input).toMatchObject({
      Source: 'winback@chain.example',
      Destination: { ToAddresses: ['cs1@chain.example'], CcAddresses: ['ops@chain.example'] },
      Message: { Subject: { Data: '1级流失预警', Charset: 'UTF-8' } },
    });
  });

  it.each([
    ['Maximum sending rate exceeded.', MAIL_RATE_EXCEEDED],
    ['Daily message quota exceeded.', MAIL_DAILY_QUOTA_EXCEEDED],
  ])(
    'hands SES throttling ("%s") back to the workflow as %s, naming no recipient, without waiting in the Lambda',
    async (sesMessage, deferral) => {
      ses.on(SendEmailCommand).rejects(Object.assign(fault('Throttling', 400), { message: sesMessage }));
      const error = await mailer.send(message).catch((thrown: Error) => thrown);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe(deferral);
      expect((error as Error).message).not.toContain('cs1@');
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    },
  );

  it('fails the step when SES refuses the message, so the workflow retries or alerts rather than losing it', async () => {
    ses.on(SendEmailCommand).rejects(fault('MessageRejected', 400));
    await expect(mailer.send(message)).rejects.toThrow('MessageRejected');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
