import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { logger } from '../logger.ts';
import { tracer } from '../tracer.ts';

/** What every handler wears first: the logger given the Lambda context, the invocation traced. */
export const observe = (): Array<MiddlewareObj<unknown, unknown>> => [
  injectLambdaContext(logger),
  captureLambdaHandler(tracer),
];
