import type { LinkPurpose, LinkRequest } from '../links/step-link.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { type StaffDirectory, StaffingGapError, type StaffPerson } from '../staff/staff-directory.ts';
import { type AuditEntry, notifyKey } from './audit-keys.ts';
import { askedApprover } from './benefit-approval.ts';
import { waitingOn } from './case-level.ts';
import type { AwaitingRecord, CaseRecord } from './case-record.ts';
import type { CaseStepState } from './case-step-input.ts';
import { WAITING_STEPS } from './waiting-steps.ts';

/**
 * Who a waiting step is asked of and who hears of it, worked out from the case as it stands when
 * the notify step runs (Art. 13, 16).
 */
export interface StepNotice {
  /** The case's level now (a scan may have raised it while the case ran). */
  level: Level;
  /** The plan revision the step belongs to: it keeps the step's audit entries and links apart. */
  revision: number;
  /** For an approval: whose it is. */
  approverRole?: string;
  /** For an approval: the benefit asked for. */
  benefit?: { id: string; name: string; costYuan: number };
  /** The person asked: their link decides the step. */
  owner: StaffPerson;
  /** Told too, each with a link that shows the case and decides nothing. */
  copied: StaffPerson[];
  /** What the case waited on before this notice, if anything. */
  previous?: AwaitingRecord;
  /** The same request asked of someone else: the case's level rose and the step went to the new level's owner. */
  handedOver: boolean;
}

function storeManager(staff: StaffDirectory, storeId: string): StaffPerson | undefined {
  try {
    return staff.ownerOf('store_manager', storeId);
  } catch (error) {
    if (error instanceof StaffingGapError) return undefined;
    throw error;
  }
}

/**
 * Who hears of a step besides its owner: on a reminder, the line above, one level further with
 * each missed deadline (StaffDirectory.copiedOnReminder); on a new alert's first notice, the
 * store's manager (Art. 13), when the store has one on file. Nobody twice, never the owner.
 */
export function copiedOnNotice(
  staff: StaffDirectory,
  owner: StaffPerson,
  state: Pick<CaseStepState, 'step' | 'reminder' | 'storeId'>,
): StaffPerson[] {
  const above = staff.copiedOnReminder(owner.id, state.reminder);
  const store = state.step === 'response_plan' && state.reminder === 0 ? storeManager(staff, state.storeId) : undefined;
  const storeToo = store !== undefined && store.id !== owner.id && !above.some((person) => person.id === store.id);
  return storeToo ? [...above, store] : above;
}

/** The notice of a waiting step: its owner at the case's level now (or the approver asked), who else hears, and whether it changed hands. */
export function stepNotice(
  policy: Policy,
  state: CaseStepState,
  record: Pick<CaseRecord, 'level' | 'revision' | 'awaiting'> | undefined,
  staff: StaffDirectory,
): StepNotice {
  const { level, responsibleRole, revision } = waitingOn(policy, state, record);
  const owner = staff.ownerOf(responsibleRole, state.storeId);
  const previous = record?.awaiting;
  const approval = state.step === 'approval';
  return {
    level,
    revision,
    ...(approval ? { approverRole: askedApprover(state.approverRole) } : {}),
    ...(approval && state.benefit ? { benefit: state.benefit } : {}),
    owner,
    copied: copiedOnNotice(staff, owner, state),
    ...(previous ? { previous } : {}),
    handedOver:
      previous !== undefined &&
      previous.step === state.step &&
      previous.round === state.reminder &&
      previous.revision === revision &&
      previous.personId !== owner.id,
  };
}

/** The request a person's link stands for: the owner's decides the step, a copied person's only shows the case. */
export function noticeLinkRequest(
  state: Pick<CaseStepState, 'customerId' | 'alertId' | 'step' | 'reminder'>,
  notice: Pick<StepNotice, 'revision' | 'approverRole'>,
  person: Pick<StaffPerson, 'id'>,
  purpose: LinkPurpose,
): LinkRequest {
  return {
    customerId: state.customerId,
    alertId: state.alertId,
    step: state.step,
    round: state.reminder,
    revision: notice.revision,
    personId: person.id,
    purpose,
    ...(notice.approverRole ? { approverRole: notice.approverRole } : {}),
  };
}

/**
 * What the case waits on once the owner is asked: the owner's link, the task token of this
 * attempt, the deadline. A reminder, and a retry of the same notice, keep the first notice's
 * time: how long a step took is measured from it.
 */
export function awaitingAfterNotice(
  state: Pick<CaseStepState, 'step' | 'reminder'>,
  notice: Pick<StepNotice, 'owner' | 'revision' | 'approverRole' | 'benefit' | 'previous'>,
  attempt: { taskToken: string; linkId: string; dueBy: string; at: string; attemptStartedAt: number },
): AwaitingRecord {
  const { previous } = notice;
  const askedBefore =
    previous?.step === state.step && (state.reminder > 0 || previous.linkId === attempt.linkId)
      ? previous.firstAskedAt
      : undefined;
  return {
    step: state.step,
    taskToken: attempt.taskToken,
    linkId: attempt.linkId,
    personId: notice.owner.id,
    round: state.reminder,
    dueBy: attempt.dueBy,
    firstAskedAt: askedBefore ?? attempt.at,
    revision: notice.revision,
    role: notice.approverRole ?? notice.owner.role,
    attemptStartedAt: attempt.attemptStartedAt,
    ...(notice.benefit ? { benefit: notice.benefit } : {}),
  };
}

/**
 * The notice's audit entry: a hand-over names both people; a first notice, whoever was informed;
 * a reminder, its round and, when it waits for the morning digest, which one (`digestAt`, in the
 * policy's time).
 */
export function noticeAuditEntry(
  state: Pick<CaseStepState, 'step' | 'approverRole' | 'reminder'>,
  notice: StepNotice,
  at: string,
  digestAt?: string,
): AuditEntry {
  const step = WAITING_STEPS[state.step].titleEn.toLowerCase();
  const { owner, copied, previous } = notice;
  const informed = copied.length ? `, ${copied.map((person) => person.id).join(', ')} informed` : '';
  let what: string;
  if (notice.handedOver)
    what = `${step} handed over from ${previous?.personId} to ${owner.id} at level ${notice.level}`;
  else if (state.reminder === 0) what = `${step} requested from ${owner.id}${informed}`;
  else
    what = `reminder ${state.reminder} for the ${step} to ${owner.id}${informed}${digestAt === undefined ? '' : `, in the digest of ${digestAt}`}`;
  return {
    step: notifyKey(state, state.reminder, notice.revision, notice.handedOver ? owner.id : undefined),
    at,
    actor: 'system',
    what,
  };
}
