import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { fieldIssues, formatIssues } from '#shared/validation/field-issues.ts';

/** The event did not match its schema; the message names each bad field. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/** middy: validates the incoming event with zod and hands the handler the parsed value. */
export function parseEvent<Schema extends z.ZodType>(schema: Schema): MiddlewareObj<unknown> {
  return {
    before: (request) => {
      const result = schema.safeParse(request.event);
      if (!result.success) throw new InvalidEventError(`invalid event: ${formatIssues(fieldIssues(result.error))}`);
      request.event = result.data;
    },
  };
}
