import type { MiddlewareObj } from '@middy/core';
import { caseExecutionInput } from '#shared/cases/case-input.ts';
import { executionName } from '#shared/cases/execution-name.ts';
import { logger } from '../logger.ts';

/**
 * Every log line of a case step carries the case as its correlation id: the execution's name
 * (level, store, masked customer, date, hash), which ops search for in the logs and in the
 * Step Functions console alike, and which holds no personal data.
 */
export function caseCorrelation(): MiddlewareObj<unknown> {
  return {
    before: (request) => {
      const event = request.event as { state?: unknown } | undefined;
      const keys = caseExecutionInput.safeParse(event?.state ?? event);
      logger.setCorrelationId(keys.success ? executionName(keys.data) : undefined);
    },
  };
}
