import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '#shared/store/ses/ses-mailer.ts';

const ses = mockClient(SESClient);
const mailer = new SesMailer(new SESClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), 'winback@chain.example');
const fault = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const message = { to: ['cs1@chain.example'], cc: ['ops@chain.example'], subject: '1级流失预警', text: '王芳：…', html: '<p>王芳：…</p>' };

beforeEach(() => ses.reset());

describe('sending case emails through SES', () => {
  it('retries SES throttling and sends the message once it goes through, in UTF-8 with copies', async () => {
    ses.on(SendEmailCommand).rejectsOnce(fault('Throttling', 400)).rejectsOnce(fault('ServiceUnavailable', 503)).resolves({ MessageId: 'm-1' });
    await mailer.send(message);
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(3);
    expect(calls[2]?.args[0].input).toMatchObject({
      Source: 'winback@chain.example',
      Destination: { ToAddresses: ['cs1@chain.example'], CcAddresses: ['ops@chain.example'] },
      Message: { Subject: { Data: '1级流失预警', Charset: 'UTF-8' } },
    });
  });

  it('fails the step when SES refuses the message, so the workflow retries or alerts rather than losing it', async () => {
    ses.on(SendEmailCommand).rejects(fault('MessageRejected', 400));
    await expect(mailer.send(message)).rejects.toThrow('MessageRejected');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
