import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { StaffDirectory, staffDirectorySchema } from '../../staff/staff-directory.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';

/** The staff directory as it is now: read whole (a chain has tens of people) when a step starts. */
export async function loadStaffDirectory(doc: DynamoDBDocumentClient, tables: TableNames): Promise<StaffDirectory> {
  const people: unknown[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await withRetries(() =>
      doc.send(new ScanCommand({ TableName: tables.staff, ConsistentRead: true, ExclusiveStartKey: startKey })),
    );
    people.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return new StaffDirectory(staffDirectorySchema.parse({ people }));
}
