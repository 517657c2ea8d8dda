import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { revisionSuffix } from '#shared/cases/case-step-input.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { formFor, WAITING_STEPS, type WaitingStep } from '#shared/cases/waiting-steps.ts';
import { checkLink } from '#shared/links/link-token.ts';
import type { Level } from '#shared/policy/policy-schema.ts';
import { withRetries } from '#shared/store/dynamodb/retry.ts';
import { policyNow, workflowSecondsUntil } from '#shared/time/time-scale.ts';
import { caseRuntime } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { page, stepPage, type StepPageInput } from './page-html.ts';
import { maskedContact, STEPS_THAT_CONTACT } from '#shared/privacy/contact-view.ts';
import { ContactReader } from '#shared/store/dynamodb/contact-reader.ts';
import { observe } from '../middleware/observe.ts';

const runtime = await caseRuntime();
const contacts = new ContactReader(runtime.doc, runtime.tables);

const html = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  body,
});

const ALREADY = page('已处理 Already decided', '<p>这个链接的事项已经处理过了。This step was already decided; nothing was changed.</p>');

interface Awaiting {
  step: WaitingStep;
  linkId: string;
  dueBy?: string;
  /** For an approval: the approver's role and the benefit asked for. */
  role?: string;
  benefit?: { id: string; name: string; costYuan: number };
  revision?: number;
  /** When the step was first asked for (reminders keep it). */
  firstAskedAt?: string;
}

/**
 * GET /c/{token} shows the step (mail scanners fetch links: a GET never decides); POST /c/{token}
 * decides, once, as the person the link was sent to, recording who, when and from where, and
 * hands the answer to the waiting case.
 */
export async function casePage(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { cases, clock, linkSecret, policy, sfn } = runtime;
  const check = checkLink(event.pathParameters?.token ?? '', linkSecret, policyNow());
  if (!check.ok) {
    const expired = check.reason === 'expired';
    return html(expired ? 410 : 404, page('链接无效 Link not valid', `<p>这个链接${expired ? '已过期' : '无效'}。This link is ${expired ? 'expired' : 'not valid'}.</p>`));
  }
  const { claims } = check;
  const [customerId = '', alertId = ''] = claims.caseId.split('#');
  const alert = await cases.alert(customerId, alertId);
  const awaiting = (alert as { awaiting?: Awaiting } | undefined)?.awaiting;
  if (alert === undefined || awaiting === undefined || awaiting.linkId !== claims.tokenId) return html(409, ALREADY);
  const level = alert.level as Level;
  // Only the steps that talk to the customer show how to reach them: masked, and in full on request, recorded (SPEC section 8).
  const contactRecord = STEPS_THAT_CONTACT.has(awaiting.step) ? await contacts.of(customerId) : undefined;
  let contactShown: StepPageInput['contact'] = contactRecord ? { shown: 'masked', ...maskedContact(contactRecord) } : undefined;
  const view = (errors?: Record<string, string>) =>
    stepPage({
      ...(contactShown ? { contact: contactShown } : {}),
      step: awaiting.step,
      customerLabel: maskedCustomer(customerId),
      storeId: alert.storeId,
      level,
      indicators: alert.indicators,
      dueBy: awaiting.dueBy ?? '',
      policy,
      ...(awaiting.benefit ? { benefit: awaiting.benefit } : {}),
      ...(errors ? { errors } : {}),
    });

  if (event.requestContext.http.method !== 'POST') return html(200, view());

  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (new URLSearchParams(raw).get('reveal') === 'contact' && contactRecord) {
    const at = clock.formatInstant(policyNow());
    await cases.audit(customerId, alertId, {
      step: `${WAITING_STEPS[awaiting.step].order}-contact-read-${at}-${claims.personId}`,
      at,
      actor: claims.personId,
      what: 'full contact details viewed',
      details: { step: awaiting.step, fields: Object.keys(contactRecord), from: event.requestContext.http.sourceIp, link: claims.tokenId },
    });
    contactShown = { shown: 'full', name: contactRecord.name, phone: contactRecord.phone, wechat: contactRecord.wechat, email: contactRecord.email };
    logger.info('contact details viewed', { caseKey: claims.caseId, step: awaiting.step, by: claims.personId });
    return html(200, view());
  }
  const form = formFor(awaiting.step, policy, level).safeParse(Object.fromEntries(new URLSearchParams(raw)));
  if (!form.success) return html(400, view(Object.fromEntries(form.error.issues.map((issue) => [String(issue.path[0]), issue.message]))));

  const taskToken = await cases.consumeStep(customerId, alertId, awaiting.step, claims.tokenId);
  if (taskToken === undefined) return html(409, ALREADY);
  const now = policyNow();
  const at = clock.formatInstant(now);
  const role = awaiting.role ?? 'deputy_gm';
  const step = WAITING_STEPS[awaiting.step];
  await cases.audit(customerId, alertId, {
    step: `${String(Number(step.order) + 1).padStart(2, '0')}-${awaiting.step}${awaiting.step === 'approval' ? `-${role}` : ''}${revisionSuffix(awaiting.revision ?? 0)}`,
    at,
    actor: claims.personId,
    what: `${step.titleEn.toLowerCase()} recorded`,
    details: { answer: form.data, from: event.requestContext.http.sourceIp, userAgent: event.requestContext.http.userAgent, link: claims.tokenId },
  });
  // What the case needs next: after the plan, the wait for the first contact, until its deadline.
  const firstContactBy = (alert as { deadlines?: { firstContactBy?: string } }).deadlines?.firstContactBy ?? at;
  // After the contact, tracking: the first follow-up one cadence period away.
  const followUpSeconds = workflowSecondsUntil(now + policy.deadlines.followUpEveryDays[level] * 86_400_000, now);
  if (awaiting.step === 'approval') await cases.recordApproval(customerId, alertId, role, { ...form.data, by: claims.personId, at });
  const output =
    awaiting.step === 'loss_reason'
      ? { loss: form.data, by: claims.personId, at }
      : awaiting.step === 'approval'
      ? { approval: form.data, by: claims.personId, at }
      : awaiting.step === 'response_plan'
      ? { plan: form.data, by: claims.personId, at, next: { wait: { seconds: workflowSecondsUntil(Date.parse(firstContactBy), now), reminder: 0, dueBy: firstContactBy } } }
      : { contact: form.data, by: claims.personId, at, next: { track: { seconds: followUpSeconds, round: 0 } } };
  await withRetries(() => sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  // How long people take, per step: the approval latency ops watch among them.
  const askedAt = Date.parse(awaiting.firstAskedAt ?? '');
  if (Number.isFinite(askedAt)) {
    metrics.addDimension('step', awaiting.step);
    metrics.addMetric('StepAnswerSeconds', MetricUnit.Seconds, Math.max(0, Math.round((now - askedAt) / 1000)));
    // Published here: most page requests (views) have no metric to publish.
    metrics.publishStoredMetrics();
  }
  logger.info('step answered', { caseKey: claims.caseId, step: awaiting.step, by: claims.personId });
  return html(200, page('已提交 Submitted', '<p>已记录，谢谢。Recorded. Thank you.</p>'));
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().use(observe()).handler(casePage);
