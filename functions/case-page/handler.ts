import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { responsePlanForm } from '#shared/cases/response-plan.ts';
import { checkLink } from '#shared/links/link-token.ts';
import type { Level } from '#shared/policy/policy-schema.ts';
import { withRetries } from '#shared/store/dynamodb/retry.ts';
import { caseRuntime } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { page, responsePlanPage } from './page-html.ts';

const runtime = await caseRuntime();

const html = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  body,
});

const ALREADY = page('已处理 Already decided', '<p>这个链接的事项已经处理过了。This step was already decided; nothing was changed.</p>');

/**
 * GET /c/{token} shows the step (mail scanners fetch links: a GET never decides); POST /c/{token}
 * decides, once, as the person the link was sent to, recording who, when and from where.
 */
export async function casePage(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { cases, clock, linkSecret, policy, sfn } = runtime;
  const check = checkLink(event.pathParameters?.token ?? '', linkSecret, Date.now());
  if (!check.ok) return html(check.reason === 'expired' ? 410 : 404, page('链接无效 Link not valid', `<p>这个链接${check.reason === 'expired' ? '已过期' : '无效'}。This link is ${check.reason === 'expired' ? 'expired' : 'not valid'}.</p>`));
  const { claims } = check;
  const [customerId = '', alertId = ''] = claims.caseId.split('#');
  const alert = await cases.alert(customerId, alertId);
  const awaiting = (alert as { awaiting?: { linkId: string } } | undefined)?.awaiting;
  if (alert === undefined || awaiting?.linkId !== claims.tokenId) return html(409, ALREADY);
  const level = alert.level as Level;
  const view = (errors?: Record<string, string>) =>
    responsePlanPage({
      customerLabel: maskedCustomer(customerId),
      storeId: alert.storeId,
      level,
      indicators: alert.indicators,
      responsePlanBy: (alert as { deadlines?: { responsePlanBy?: string } }).deadlines?.responsePlanBy ?? '',
      policy,
      ...(errors ? { errors } : {}),
    });

  if (event.requestContext.http.method !== 'POST') return html(200, view());

  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const form = responsePlanForm(policy, level).safeParse(Object.fromEntries(new URLSearchParams(raw)));
  if (!form.success) {
    return html(400, view(Object.fromEntries(form.error.issues.map((issue) => [String(issue.path[0]), issue.message]))));
  }
  const taskToken = await cases.consumeStep(customerId, alertId, 'response_plan', claims.tokenId);
  if (taskToken === undefined) return html(409, ALREADY);
  const at = clock.formatInstant(Date.now());
  await cases.audit(customerId, alertId, {
    step: '03-response-plan',
    at,
    actor: claims.personId,
    what: 'response plan submitted',
    details: { plan: form.data, from: event.requestContext.http.sourceIp, userAgent: event.requestContext.http.userAgent, link: claims.tokenId },
  });
  await withRetries(() => sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ plan: form.data, by: claims.personId, at }) })));
  logger.info('response plan submitted', { caseKey: claims.caseId, by: claims.personId });
  return html(200, page('已提交 Submitted', '<p>响应计划已记录，谢谢。The response plan is recorded. Thank you.</p>'));
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().use(injectLambdaContext(logger)).handler(casePage);
