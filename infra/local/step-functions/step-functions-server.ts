import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalStepFunctions, StepFunctionsApiError } from './local-step-functions.ts';

const OPERATIONS = [
  'ListStateMachines',
  'DescribeStateMachine',
  'StartExecution',
  'DescribeExecution',
  'ListExecutions',
  'GetExecutionHistory',
  'SendTaskSuccess',
  'SendTaskFailure',
  'SendTaskHeartbeat',
  'StopExecution',
] as const;
type Operation = (typeof OPERATIONS)[number];

const methodName = (operation: Operation): string => `${operation[0]?.toLowerCase()}${operation.slice(1)}`;

/** Step Functions' request bodies are small; anything larger is a mistake, answered early. */
const MAX_BODY = 1024 * 1024;

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
}

/** Sees each call before it runs; an answer it returns is sent instead (a fault a test injects). */
export type CallInterceptor = (
  operation: string,
  input: Record<string, unknown>,
) => { status: number; body: unknown } | undefined;

/**
 * The Step Functions API over HTTP, in its AWS JSON 1.0 protocol (`X-Amz-Target:
 * AWSStepFunctions.<Operation>`), so the AWS SDK and CLI talk to the local runtime with nothing
 * but an endpoint URL.
 */
export function stepFunctionsRequestListener(stepFunctions: LocalStepFunctions, intercept?: CallInterceptor) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^AWSStepFunctions\./, '') as Operation;
      if (request.method !== 'POST' || !OPERATIONS.includes(operation)) {
        return reply(response, 400, {
          __type: 'UnknownOperationException',
          message: `the local Step Functions endpoint does not run "${target || request.method}"`,
        });
      }
      if (size > MAX_BODY)
        return reply(response, 413, { __type: 'ValidationException', message: `request body over ${MAX_BODY} bytes` });
      let input: unknown;
      try {
        input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        return reply(response, 400, { __type: 'SerializationException', message: 'the request body is not JSON' });
      }
      const injected = intercept?.(operation, input as Record<string, unknown>);
      if (injected) return reply(response, injected.status, injected.body);
      try {
        const method = (stepFunctions as unknown as Record<string, (input: unknown) => unknown>)[methodName(operation)];
        reply(response, 200, method?.call(stepFunctions, input) ?? {});
      } catch (error) {
        if (error instanceof StepFunctionsApiError)
          return reply(response, 400, { __type: error.type, message: error.message });
        reply(response, 500, { __type: 'InternalFailure', message: (error as Error).message });
      }
    });
  };
}
