import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AwaitingRecord } from '../cases/case-record.ts';
import { waitingStep } from '../cases/waiting-steps.ts';

/**
 * A link in a staff email stands for one request: this case, this step, this round of asking
 * (reminders are rounds), this plan revision, this approver role, this person, to decide or only
 * to view. The URL carries nothing but an opaque id; what the id stands for is kept server-side
 * (the Links table), so no customer id, person id or case key travels through mail gateways,
 * link scanners or browser history.
 *
 * The id is a keyed hash of the request (HMAC with the link secret): unguessable without the
 * secret, and the same for every attempt at the same request, so an email sent before a retried
 * notify still opens the step, while another step, round, revision or person is another link.
 */
export const linkPurpose = z.enum(['decide', 'view']);
export type LinkPurpose = z.infer<typeof linkPurpose>;

export const linkRequest = z.object({
  customerId: z.string().min(1),
  alertId: z.string().min(1),
  step: waitingStep,
  round: z.number().int().min(0),
  revision: z.number().int().min(0),
  /** The approver role an approval is asked of; absent for the other steps. */
  approverRole: z.string().min(1).optional(),
  personId: z.string().min(1),
  purpose: linkPurpose,
});
export type LinkRequest = z.infer<typeof linkRequest>;

/** What the Links table keeps for an id: the request, when it was issued and until when it opens. */
export const stepLinkRecord = linkRequest.extend({
  linkId: z.string(),
  issuedAt: z.string(),
  /** Epoch ms: the link opens nothing after this. */
  expiresAt: z.number().int(),
  /** Epoch seconds: DynamoDB deletes the record a while after it expired. */
  expiresAtEpoch: z.number().int(),
  /** Set once the step was answered through this link. */
  answeredAt: z.string().optional(),
  /** Set once the link's email went out: a retried notify does not send it again. */
  mailedAt: z.string().optional(),
});
export type StepLinkRecord = z.infer<typeof stepLinkRecord>;

/** 32 bytes of HMAC in base64url without padding. */
const LINK_ID = /^[A-Za-z0-9_-]{43}$/;

export function stepLinkId(secret: string, request: LinkRequest): string {
  const r = linkRequest.parse(request);
  // A fixed field order and a separator no id may hold (\n is refused at ingestion and by the schema's callers).
  const material = [
    'winback-link-v2',
    r.customerId,
    r.alertId,
    r.step,
    r.round,
    r.revision,
    r.approverRole ?? '',
    r.personId,
    r.purpose,
  ].join('\n');
  return createHmac('sha256', secret).update(material).digest('base64url');
}

/**
 * Only the canonical spelling of an id is accepted: base64url has several spellings of the same
 * bytes (the last character's unused bits), and a link id is compared as a string.
 */
export function isCanonicalLinkId(id: string): boolean {
  return LINK_ID.test(id) && Buffer.from(id, 'base64url').toString('base64url') === id;
}

export type LinkVerdict =
  | { decides: true }
  | {
      decides: false;
      reason: 'copied' | 'answered' | 'replaced' | 'another_step' | 'reassigned' | 'closed' | 'failed' | 'expired';
    };

const OPEN = new Set(['open', 'in_progress']);

/**
 * Whether this link may decide what the case waits on now: only a decision link for exactly the
 * step, round, revision and person the case is waiting for. Anything else opens the case read-only,
 * with the reason.
 */
export function linkVerdict(
  link: StepLinkRecord,
  caseStatus: string,
  awaiting: AwaitingRecord | undefined,
  now: number,
): LinkVerdict {
  // Whatever the link was for, a failed case is with operations now: that is what its holder needs to know.
  if (caseStatus === 'failed') return { decides: false, reason: 'failed' };
  if (link.purpose === 'view') return { decides: false, reason: 'copied' };
  if (link.answeredAt !== undefined) return { decides: false, reason: 'answered' };
  if (now >= link.expiresAt) return { decides: false, reason: 'expired' };
  if (!OPEN.has(caseStatus) || awaiting === undefined)
    return { decides: false, reason: OPEN.has(caseStatus) ? 'another_step' : 'closed' };
  if (awaiting.linkId === link.linkId && awaiting.step === link.step && awaiting.personId === link.personId)
    return { decides: true };
  if (awaiting.step !== link.step || awaiting.revision !== link.revision)
    return { decides: false, reason: 'another_step' };
  if (awaiting.round > link.round) return { decides: false, reason: 'replaced' };
  return { decides: false, reason: 'reassigned' };
}

/** Why a link opens the case read-only, for the person holding it: Chinese first, English beside it. */
export const READ_ONLY_REASONS: Record<Exclude<LinkVerdict, { decides: true }>['reason'], string> = {
  copied:
    '您收到的是知会副本，可以查看，不能处理。You were copied for information: you can view the case, not decide it.',
  answered:
    '这个链接的事项已经提交过了，没有做任何更改。This step was already answered through this link; nothing was changed.',
  replaced:
    '这个链接已被新的提醒邮件取代，请使用最新邮件中的链接。This link was replaced by a newer one (a reminder): use the link in the latest email.',
  another_step:
    '案件现在不在等待这个链接的事项，这个链接不能处理其他步骤。The case is not waiting for this link’s step any more; this link cannot answer another step.',
  reassigned:
    '这个步骤现在由其他人负责（例如案件已升级），新的负责人会收到自己的链接。This step is now with someone else (the case was escalated, say); they get a link of their own.',
  closed: '案件已经结束。The case is closed.',
  failed:
    '案件已失败，已转交运营部处理；这个链接不能再处理任何事项。The case failed and was handed to operations; this link can no longer answer anything.',
  expired: '这个链接已过期。This link has expired.',
};
