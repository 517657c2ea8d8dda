import { type DynamoDBDocumentClient, paginateScan, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every item a scan finds, page after page (the SDK's paginator): for reports and pages that read a table whole. */
export async function scanItems(
  doc: DynamoDBDocumentClient,
  input: ScanCommandInput,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  for await (const page of paginateScan({ client: doc }, input)) items.push(...(page.Items ?? []));
  return items;
}
