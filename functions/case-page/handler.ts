import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { withRetries } from '#shared/adapters/aws-retry.ts';
import { ContactReader } from '#shared/adapters/dynamodb/contact-reader.ts';
import { LinkStore } from '#shared/adapters/dynamodb/link-store.ts';
import { isTaskGone } from '#shared/adapters/stepfunctions/task-gone.ts';
import { type AwaitingRecord, type CaseRecord, CaseRecordError } from '#shared/cases/case-record.ts';
import { caseKeyOf } from '#shared/cases/case-step-input.ts';
import {
  answerClaim,
  answerSeconds,
  fieldsKeptWithAnswer,
  type StepAnswer,
  stepAnswerEntry,
  stepAnswerOutput,
} from '#shared/cases/step-answer.ts';
import { pageAction, pageAuditEntry, pageVerdict, stepPageFacts } from '#shared/cases/step-page.ts';
import { formFor } from '#shared/cases/waiting-steps.ts';
import { isCanonicalLinkId, READ_ONLY_REASONS, type StepLinkRecord } from '#shared/links/step-link.ts';
import { maskedContact } from '#shared/privacy/contact-view.ts';
import { customerReference } from '#shared/privacy/customer-reference.ts';
import { policyNow, workflowSecondsUntil } from '#shared/time/time-scale.ts';
import { caseRuntime, linkSecret } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { observe } from '../middleware/observe.ts';
import { htmlResponse, linkNotValid, page, type StepPageInput, stepPage } from './page-html.ts';

const runtime = await caseRuntime();
const contacts = new ContactReader(runtime.doc, runtime.tables);
const links = new LinkStore(runtime.doc, runtime.tables);
/** Keys the customer references on the page (shared/privacy/customer-reference.ts); the page signs no link with it. */
const referenceKey = await linkSecret();
/** A claim on a step older than this belongs to a request that died before it finished: another answer may take over. */
const CLAIM_STALE_MS = 120_000;

const html: (statusCode: number, body: string, headers?: Record<string, string>) => APIGatewayProxyStructuredResultV2 =
  htmlResponse;
const NOT_VALID = linkNotValid;

/**
 * A POST must come from the page itself: a browser says where a request comes from (Sec-Fetch-Site,
 * Origin), and a form on another site must not decide a step or reveal contact details.
 */
function fromAnotherSite(event: APIGatewayProxyEventV2): boolean {
  const headers = event.headers ?? {};
  const site = headers['sec-fetch-site'];
  // A browser that says where a request comes from is believed; older ones are judged by Origin.
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== (headers.host ?? event.requestContext.domainName);
  } catch {
    return true;
  }
}

/**
 * GET /c/{linkId} shows the case (mail scanners fetch links: a GET never decides); POST decides,
 * once, and only through the link issued for exactly what the case waits on now, to the person it
 * waits on. Every other link opens the case read-only, saying why. Each view and each decision is
 * recorded apart, with the person the link was issued to and the request's evidence.
 */
export async function casePage(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { cases, clock, policy } = runtime;
  const linkId = event.pathParameters?.token ?? '';
  if (!isCanonicalLinkId(linkId)) return NOT_VALID();
  const link = await links.find(linkId);
  if (link === undefined) return NOT_VALID();
  const now = policyNow();
  if (now >= link.expiresAt) return html(410, page('链接已过期 Link expired', `<p>${READ_ONLY_REASONS.expired}</p>`));
  const alert = await cases.alert(link.customerId, link.alertId);
  if (alert === undefined) return NOT_VALID();
  const post = event.requestContext.http.method === 'POST';
  if (post && fromAnotherSite(event))
    return html(403, page('已拒绝 Refused', '<p>只能在本页面提交。Answers are accepted from this page only.</p>'));

  const verdict = pageVerdict(policy, link, alert, now);
  const { showsContact, ...shown } = stepPageFacts(policy, link, alert, verdict);
  const evidence = {
    from: event.requestContext.http.sourceIp,
    userAgent: event.requestContext.http.userAgent,
    requestId: event.requestContext.requestId,
  };
  const at = clock.formatInstant(now);
  const contactRecord = showsContact ? await contacts.of(link.customerId) : undefined;
  const pageOf = (over: { contact?: StepPageInput['contact']; errors?: Record<string, string>; readOnly?: string }) =>
    stepPage({
      step: link.step,
      customerLabel: customerReference(link.customerId, referenceKey),
      storeId: alert.storeId,
      level: alert.level,
      indicators: alert.indicators,
      policy,
      ...shown,
      // Only the owner of a step that talks to the customer sees how to reach them: masked, in full on request, recorded (SPEC section 8).
      ...(contactRecord ? { contact: { shown: 'masked' as const, ...maskedContact(contactRecord) } } : {}),
      ...over,
    });
  const record = (what: string, details: Record<string, unknown>) =>
    cases.audit(link.customerId, link.alertId, pageAuditEntry(link, what, at, evidence, details));

  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const body = new URLSearchParams(raw);
  const action = pageAction(
    { post, revealContact: body.get('reveal') === 'contact' && contactRecord !== undefined },
    verdict,
    alert.awaiting,
  );
  switch (action.action) {
    case 'show':
      await record(action.what, action.details);
      return html(200, pageOf({}));
    case 'refuse':
      await record(action.what, action.details);
      return html(409, pageOf({}));
    case 'reveal_contact': {
      const { name, phone, wechat, email } = contactRecord ?? {};
      await record('full contact details viewed', { fields: Object.keys(contactRecord ?? {}) });
      logger.info('contact details viewed', { caseKey: caseKeyOf(link), step: link.step, by: link.personId });
      return html(200, pageOf({ contact: { shown: 'full', name, phone, wechat, email } }));
    }
    case 'answer': {
      const form = formFor(link.step, policy, alert.level).safeParse(Object.fromEntries(body));
      if (!form.success)
        return html(
          400,
          pageOf({
            errors: Object.fromEntries(form.error.issues.map((issue) => [String(issue.path[0]), issue.message])),
          }),
        );
      const answer: StepAnswer = { answer: form.data, by: link.personId, at, ...evidence, linkId: link.linkId };
      return decide(link, alert, action.awaiting, answer, now, (readOnly) => pageOf({ readOnly }));
    }
  }
}

/**
 * Hands the answer to the workflow first and records it once the workflow took it: claimed on the
 * case (so two clicks cannot both answer), sent, then recorded; a refused hand-off releases the
 * claim, records nothing, and tells the person it was not recorded, so they can try again.
 */
async function decide(
  link: StepLinkRecord,
  alert: CaseRecord,
  awaiting: AwaitingRecord,
  answer: StepAnswer,
  now: number,
  readOnlyPage: (reason: string) => string,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { cases, policy, sfn } = runtime;
  const kept = fieldsKeptWithAnswer(awaiting, answer);
  const taskToken = await cases.claimStep(
    link.customerId,
    link.alertId,
    awaiting,
    answerClaim(answer, Date.now()),
    kept,
    CLAIM_STALE_MS,
  );
  if (taskToken === undefined)
    return html(
      409,
      readOnlyPage(
        '另一份答复正在处理或已经提交，没有做任何更改。Another answer to this step is being recorded or was recorded; nothing was changed.',
      ),
    );
  const output = stepAnswerOutput(awaiting, answer, {
    policy,
    level: alert.level,
    firstContactBy: alert.deadlines?.firstContactBy ?? answer.at,
    now,
    secondsUntil: workflowSecondsUntil,
  });
  try {
    await withRetries(() => sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  } catch (error) {
    await cases.releaseClaim(link.customerId, link.alertId, kept, answer.requestId);
    logger.warn('answer not handed to the case', {
      caseKey: caseKeyOf(link),
      step: link.step,
      error: (error as { name?: string }).name ?? 'unknown',
    });
    return isTaskGone(error)
      ? html(
          409,
          page(
            '未记录 Not recorded',
            '<p>您的答复没有记录：案件已不再等待这个步骤（已停止、失败或超时）。Your answer was not recorded: the case is no longer waiting for this step (it was stopped, failed or timed out).</p>',
          ),
        )
      : html(
          503,
          page(
            '未记录，请重试 Not recorded: try again',
            '<p>您的答复没有记录，请稍后再提交一次。Your answer was not recorded; please submit it again in a minute.</p>',
          ),
          { 'retry-after': '60' },
        );
  }
  await cases.recordAnswer(link.customerId, link.alertId, stepAnswerEntry(awaiting, answer), answer.requestId);
  await links.markAnswered(link.linkId, answer.at);
  // How long people take, per step: the approval latency ops watch among them.
  const seconds = answerSeconds(awaiting, now);
  if (seconds !== undefined) {
    metrics.addDimension('step', link.step);
    metrics.addMetric('StepAnswerSeconds', MetricUnit.Seconds, seconds);
    // Published here: most page requests (views) have no metric to publish.
    metrics.publishStoredMetrics();
  }
  logger.info('step answered', { caseKey: caseKeyOf(link), step: link.step, by: link.personId });
  return html(200, page('已提交 Submitted', '<p>已记录，谢谢。Recorded. Thank you.</p>'));
}

/**
 * Whatever goes wrong, the person holding the link gets a page in its own words, never API
 * Gateway's raw JSON: a 503 asking them to open the link again (every write here is conditional,
 * and an answer the workflow took is recorded by the next step, so the page then says where the
 * case stands). The error goes to the log by name, never with the case; a stored case that does
 * not read is named by its masked key and the fields at fault.
 */
export async function casePageAnswering(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await casePage(event);
  } catch (error) {
    logger.error('case page failed', {
      error: (error as { name?: string }).name ?? 'unknown',
      ...(error instanceof CaseRecordError ? { detail: error.message } : {}),
    });
    // The invocation succeeds (the person has a page): the Lambda error alarm cannot see this, the PageErrors alarm does.
    metrics.addMetric('PageErrors', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    return html(
      503,
      page(
        '暂时出错 Something went wrong',
        '<p>页面暂时出错。请一分钟后重新打开这个链接：如果您刚才提交了答复，页面会显示它是否已记录。This page hit an error. Open this link again in a minute: if you had just submitted an answer, the page will show whether it was recorded.</p>',
      ),
      { 'retry-after': '60' },
    );
  }
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observe())
  .handler(casePageAnswering);
