import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LinkStore } from '#shared/adapters/dynamodb/link-store.ts';
import { OpenStepsReader } from '#shared/adapters/dynamodb/open-steps-reader.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { staffDigests } from '#shared/digest/staff-digest.ts';
import { isCanonicalLinkId } from '#shared/links/step-link.ts';
import { lineLink, teamViewLinks } from '#shared/links/team-view-links.ts';
import { customerLabeller } from '#shared/privacy/customer-reference.ts';
import { queueLines } from '#shared/queue/queue-lines.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { htmlResponse, linkNotValid, page } from '../case-page/page-html.ts';
import { caseRuntime, linkSecret } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { observe } from '../middleware/observe.ts';
import { worklistPage } from './worklist-html.ts';

const runtime = await caseRuntime();
const secret = await linkSecret();
const links = new LinkStore(runtime.doc, runtime.tables);
const reader = new OpenStepsReader(runtime.doc, runtime.tables);
// The step pages are beside this one on the same API (/w/{token} -> ../c/{id}): relative links need no base URL.
const linkBaseUrl = '..';
const customerLabel = customerLabeller(secret);

const html = htmlResponse;

/**
 * GET /w/{token}: a person's worklist, reached from their morning digest: their open steps as
 * they stand now (overdue first, each with the link that answers it), their team's overdue steps
 * (read-only links), and the alerts waiting in their line. It decides nothing, so it takes no POST.
 */
export async function worklist(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const token = event.pathParameters?.token ?? '';
  const notValid = linkNotValid;
  if (event.requestContext.http.method !== 'GET')
    return html(405, page('只读页面 Read-only page', '<p>本页只读。This page decides nothing.</p>'));
  if (!isCanonicalLinkId(token)) return notValid();
  const link = await links.findWorklist(token);
  if (link === undefined) return notValid();
  const now = policyNow();
  if (now > link.expiresAt) {
    return html(
      410,
      page(
        '链接已过期 Link expired',
        '<p>这个待办清单链接已过期，请打开最新的每日待办邮件中的链接。This worklist link has expired: use the one in your latest daily email.</p>',
      ),
    );
  }
  const { clock, policy } = runtime;
  const [staff, work] = await Promise.all([loadStaffDirectory(runtime.doc, runtime.tables), reader.work()]);
  const person = staff.person(link.personId);
  if (person === undefined) return notValid();
  const digest = staffDigests(work.steps, staff, now).digests.find((candidate) => candidate.person.id === person.id);
  const team = digest?.team ?? [];
  const linkOf = lineLink(
    linkBaseUrl,
    await teamViewLinks(
      secret,
      person.id,
      team,
      now,
      (ms) => clock.formatInstant(ms),
      (record) => links.issue(record),
    ),
  );
  const waiting = [...queueLines(work.alerts, policy, staff, now).waiting.values()]
    .filter((placed) => placed.owner === person.id)
    .sort((a, b) => a.position - b.position);
  return html(
    200,
    worklistPage({
      name: person.name,
      now,
      timeZone: policy.timeZone,
      own: digest?.own ?? [],
      team,
      line: waiting,
      customerLabel,
      linkOf,
    }),
  );
}

/** Whatever goes wrong, a page in its own words, never API Gateway's raw JSON; the error goes to the log by name. */
export async function worklistAnswering(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await worklist(event);
  } catch (error) {
    logger.error('worklist page failed', { error: (error as { name?: string }).name ?? 'unknown' });
    // The invocation succeeds (the person has a page): the Lambda error alarm cannot see this, the PageErrors alarm does.
    metrics.addMetric('PageErrors', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    return html(
      503,
      page(
        '暂时出错 Something went wrong',
        '<p>页面暂时出错，请一分钟后重新打开这个链接。This page hit an error: open this link again in a minute.</p>',
      ),
      { 'retry-after': '60' },
    );
  }
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observe())
  .handler(worklistAnswering);
