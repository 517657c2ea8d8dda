import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { markUndeliverable } from '#shared/adapters/dynamodb/staff-mail-status.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { sesNotification, undeliverableAddresses } from '#shared/mail/mail-feedback.ts';
import { logger } from '../logger.ts';
import { observe } from '../middleware/observe.ts';
import { tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();

/**
 * SES bounces and complaints, through SNS: the staff member's address is marked undeliverable and
 * their deputy receives their steps from then on (StaffDirectory.ownerOf). Other SES events are ignored.
 */
export async function mailFeedback(event: SNSEvent): Promise<{ marked: string[] }> {
  const marked: string[] = [];
  for (const record of event.Records) {
    const parsed = sesNotification.safeParse(JSON.parse(record.Sns.Message));
    if (!parsed.success) {
      logger.warn('SES notification not read: not a bounce or complaint', { messageId: record.Sns.MessageId });
      continue;
    }
    marked.push(...(await markUndeliverable(doc, tables, undeliverableAddresses(parsed.data))));
  }
  if (marked.length) logger.warn('staff mail undeliverable: deputies stand in', { staff: marked });
  return { marked };
}

export const handler = middy<SNSEvent, { marked: string[] }>().use(observe()).handler(mailFeedback);
