import { z } from 'zod';

/**
 * SES's bounce and complaint notifications (published to SNS by the configuration set's event
 * destination), as far as Winback reads them: who, and why mail to them should stop.
 */
const recipients = z.array(z.object({ emailAddress: z.string() }).passthrough());
export const sesNotification = z.discriminatedUnion('eventType', [
  z
    .object({
      eventType: z.literal('Bounce'),
      bounce: z
        .object({
          bounceType: z.string(),
          bounceSubType: z.string().optional(),
          bouncedRecipients: recipients,
          timestamp: z.string(),
        })
        .passthrough(),
    })
    .passthrough(),
  z
    .object({
      eventType: z.literal('Complaint'),
      complaint: z
        .object({
          complainedRecipients: recipients,
          timestamp: z.string(),
          complaintFeedbackType: z.string().optional(),
        })
        .passthrough(),
    })
    .passthrough(),
]);
export type SesNotification = z.infer<typeof sesNotification>;

export interface Undeliverable {
  email: string;
  at: string;
  reason: string;
}

/**
 * The addresses to stop mailing: a permanent bounce (the address does not exist) or a complaint
 * (the person marked it as spam). A transient bounce is SES's to retry, and changes nothing.
 */
export function undeliverableAddresses(notification: SesNotification): Undeliverable[] {
  if (notification.eventType === 'Complaint') {
    const { complaint } = notification;
    return complaint.complainedRecipients.map((r) => ({
      email: r.emailAddress.toLowerCase(),
      at: complaint.timestamp,
      reason: `complaint${complaint.complaintFeedbackType ? ` (${complaint.complaintFeedbackType})` : ''}`,
    }));
  }
  const { bounce } = notification;
  if (bounce.bounceType !== 'Permanent') return [];
  return bounce.bouncedRecipients.map((r) => ({
    email: r.emailAddress.toLowerCase(),
    at: bounce.timestamp,
    reason: `bounced (${bounce.bounceSubType ?? 'permanent'})`,
  }));
}
