import { SESClient } from '@aws-sdk/client-ses';
import middy from '@middy/core';
import { z } from 'zod';
import { LinkStore } from '#shared/adapters/dynamodb/link-store.ts';
import { OpenStepsReader } from '#shared/adapters/dynamodb/open-steps-reader.ts';
import { ReportDeliveries } from '#shared/adapters/dynamodb/report-deliveries.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { isoInstant } from '#shared/customer/iso-instant.ts';
import { digestDay } from '#shared/digest/digest-schedule.ts';
import { staffDigests } from '#shared/digest/staff-digest.ts';
import { lineLink, teamViewLinks } from '#shared/links/team-view-links.ts';
import { worklistLink } from '#shared/links/worklist-link.ts';
import { digestEmail } from '#shared/mail/digest-email.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { customerLabeller } from '#shared/privacy/customer-reference.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { caseRuntime, linkSecret, required } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { traced } from '../tracer.ts';

const runtime = await caseRuntime();
const secret = await linkSecret();
const mailer = new SesMailer(traced(new SESClient({ maxAttempts: 5, ...sesRegion() })), required('MAIL_FROM'));
const linkBaseUrl = required('LINK_BASE_URL').replace(/\/$/, '');
const links = new LinkStore(runtime.doc, runtime.tables);
const reader = new OpenStepsReader(runtime.doc, runtime.tables);
const deliveries = new ReportDeliveries(runtime.doc, runtime.tables);
const customerLabel = customerLabeller(secret);

/** From its schedule: the scheduled time. */
export const staffDigestEvent = z.object({ asOf: isoInstant });
export type StaffDigestEvent = z.infer<typeof staffDigestEvent>;

/**
 * The morning digest: each person with open steps gets one email listing them, overdue first,
 * with the link that answers each; the line above gets the overdue steps the reminders sent up
 * to them, with links that only show the case. Once per person and day: a schedule delivered
 * twice, or a run retried after SES deferred a send, mails nobody twice.
 */
export async function sendDigests({
  asOf,
}: StaffDigestEvent): Promise<{ day: string; sent: number; already: number; dayOff?: true }> {
  const { clock, policy } = runtime;
  const at = Date.parse(asOf);
  const day = clock.formatInstant(at).slice(0, 10);
  if (!digestDay(policy, at)) return { day, sent: 0, already: 0, dayOff: true };
  const [staff, { steps, unreadable }] = await Promise.all([
    loadStaffDirectory(runtime.doc, runtime.tables),
    reader.steps(),
  ]);
  // Each named by its masked key and the fields at fault.
  if (unreadable.length > 0)
    logger.error('open cases whose waiting step does not parse are left out of the digest', { cases: unreadable });
  const { digests, unowned } = staffDigests(steps, staff, at);
  if (unowned.length > 0)
    logger.warn('steps wait on people no longer in the staff directory', { steps: unowned.length });
  let sent = 0;
  let already = 0;
  for (const digest of digests) {
    if (await deliveries.wasSent('digest', day, digest.person.id)) {
      already += 1;
      continue;
    }
    // The line above sees a teammate's step read-only: a view link of their own, the one a reminder's copy carries.
    const linkOf = lineLink(
      linkBaseUrl,
      await teamViewLinks(
        secret,
        digest.person.id,
        digest.team,
        at,
        (ms) => clock.formatInstant(ms),
        (record) => links.issue(record),
      ),
    );
    const worklist = worklistLink(secret, digest.person.id, day, at, (ms) => clock.formatInstant(ms));
    await links.issueWorklist(worklist);
    await mailer.send(
      digestEmail({
        digest,
        at,
        timeZone: policy.timeZone,
        customerLabel,
        linkOf,
        worklistUrl: `${linkBaseUrl}/w/${worklist.linkId}`,
      }),
    );
    await deliveries.recordSent('digest', day, digest.person.id, {
      sentAt: clock.formatInstant(policyNow()),
      recipients: 1,
      stored: [],
    });
    sent += 1;
  }
  logger.info('digests sent', { day, sent, already, steps: steps.length });
  return { day, sent, already };
}

export const handler = middy<StaffDigestEvent>().use(observe()).use(parseEvent(staffDigestEvent)).handler(sendDigests);
