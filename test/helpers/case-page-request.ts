import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export type PageCall = (
  method: 'GET' | 'POST',
  link: string,
  form?: Record<string, string>,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Opens an email link on the case page handler as API Gateway would hand it a phone's request:
 * each request with an id of its own, as in AWS (the audit keeps views and answers apart by it).
 * Import the handler after the local workflow points the SDK at its endpoint.
 */
export function casePageCaller(
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>,
): PageCall {
  let requests = 0;
  return async (method, link, form) => {
    const token = link.split('/c/')[1] ?? '';
    const request = {
      version: '2.0',
      rawPath: `/c/${token}`,
      pathParameters: { token },
      headers: {},
      requestContext: {
        requestId: `page-${++requests}`,
        http: { method, path: `/c/${token}`, sourceIp: '203.0.113.9', userAgent: 'phone-browser' },
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    return (await handler(request, {
      functionName: 'page',
      awsRequestId: 'page',
    } as Context)) as APIGatewayProxyStructuredResultV2;
  };
}

/** The case page handler as casePageCaller calls it, imported now: after the environment and the workflow are set. */
export async function casePage(): Promise<PageCall> {
  const { handler } = await import('../../functions/case-page/handler.ts');
  return casePageCaller(handler as Parameters<typeof casePageCaller>[0]);
}
