import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per function; its service name comes from POWERTOOLS_SERVICE_NAME. Never log a customer file whole: it holds contact data. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'winback' });
