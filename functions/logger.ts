import { Logger } from '@aws-lambda-powertools/logger';
import { maskPersonalData } from '#shared/privacy/log-masking.ts';

/**
 * One structured logger per function; its service name comes from POWERTOOLS_SERVICE_NAME. Never
 * log a customer file whole: it holds contact data. Attributes named for personal data
 * (customerId, caseKey, phone, email, name, wechat) are masked on the way out whatever a handler passes.
 * Its level is POWERTOOLS_LOG_LEVEL's, read at load: INFO as deployed, ERROR under `winback start`
 * (--log-level), silent in the tests (vitest.config.ts).
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'winback',
  jsonReplacerFn: maskPersonalData,
});
