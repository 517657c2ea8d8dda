import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';

/**
 * X-Ray through Powertools: each invocation a segment with its cold start and errors, each AWS
 * call a subsegment. Off outside Lambda (and with POWERTOOLS_TRACE_ENABLED=false), so the local
 * stack and the tests run the same code untraced.
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'winback' });

/** An AWS SDK client whose calls show in the trace. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client as never) as T;

/** The document client every handler uses, traced. */
export const tracedDocumentClient = (): DynamoDBDocumentClient =>
  documentClient(traced(new DynamoDBClient({ maxAttempts: 5 })));
