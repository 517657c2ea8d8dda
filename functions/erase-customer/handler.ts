import { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { CustomerErasure } from '#shared/adapters/dynamodb/customer-erasure.ts';
import { StepFunctionsCaseStopper } from '#shared/adapters/stepfunctions/case-stopper.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { isCallerRole } from '#shared/privacy/caller-role.ts';
import { checkErasable, NotErasableError } from '#shared/privacy/erasure-plan.ts';
import { resultWindowsOf } from '#shared/privacy/kept-result-facts.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { fieldIssues, formatIssues } from '#shared/validation/field-issues.ts';
import { logger } from '../logger.ts';
import { type JsonReply, jsonApiHandler } from '../middleware/json-api-handler.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { traced, tracedDocumentClient } from '../tracer.ts';

const stateMachineArn = process.env.CASE_STATE_MACHINE_ARN;
if (!stateMachineArn) throw new Error('environment variable CASE_STATE_MACHINE_ARN (the case workflow) is not set');
const policy = policyFromEnv();
const erasure = new CustomerErasure(tracedDocumentClient(), tableNamesFromEnv(), {
  clock: new ZonedClock(policy.timeZone),
  windows: resultWindowsOf(policy),
  cases: new StepFunctionsCaseStopper(traced(new SFNClient({ maxAttempts: 5 })), stateMachineArn),
});

/** The request: whose data, and the operator who asked for it (kept on the erasure record). */
export const eraseRequest = z.strictObject({
  customerId: z.string().trim().min(1, 'must not be empty').max(256),
  by: z.string().trim().min(1, 'must not be empty').max(256),
});

/**
 * Erases a customer on request (SPEC section 8): answers the counts of what was deleted and
 * anonymised. The customer id is never logged, not even masked, next to the erasure's id: only a
 * failure names the customer, masked, for the operator to run it again.
 */
export async function eraseCustomer(
  body: unknown,
  caller: string | undefined,
  apiAccount?: string,
): Promise<JsonReply> {
  // Any signed request passes the route's IAM check; only the privacy officer's role, in the API's
  // own account, may erase: the caller's ARN parsed and the role name compared exactly.
  const officer = process.env.ERASURE_ROLE_NAME;
  if (officer && !isCallerRole(caller, officer, apiAccount))
    return { status: 403, body: { message: `only the ${officer} role may erase customers` } };
  const parsed = eraseRequest.safeParse(body);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    return { status: 400, body: { message: `invalid request: ${formatIssues(issues)}`, issues } };
  }
  const { customerId, by } = parsed.data;
  try {
    checkErasable(customerId);
  } catch (error) {
    if (error instanceof NotErasableError)
      return {
        status: 400,
        body: {
          message: `invalid request: ${error.message}`,
          issues: [{ field: 'customerId', message: error.message.replace(/^customerId: /, '') }],
        },
      };
    throw error;
  }
  try {
    const result = await erasure.erase(customerId, { by, via: 'api', ...(caller ? { caller } : {}) });
    logger.info('erasure done', {
      erasureId: result.erasureId,
      outcome: result.outcome,
      resumed: result.resumed,
      counts: result.counts,
    });
    return { status: 200, body: result };
  } catch (error) {
    logger.error('erasure stopped before the end: send the same request again to finish it', {
      customer: maskedCustomer(customerId),
      error: (error as Error).name,
    });
    throw error;
  }
}

/** The IAM principal that signed the request (the route is IAM-authorised). */
function callerOf(event: APIGatewayProxyEventV2): string | undefined {
  return (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam?.userArn;
}

/** POST /v1/erasures {customerId, by}: IAM-authorised, for the operators who handle personal-data requests. */
export const handler = jsonApiHandler((body, _requestId, event) =>
  eraseCustomer(body, callerOf(event), event.requestContext.accountId),
);
