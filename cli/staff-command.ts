import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { staffChanges } from '#shared/staff/staff-changes.ts';
import { staffDirectorySchema } from '#shared/staff/staff-directory.ts';
import { fieldIssues, formatIssues } from '#shared/validation/field-issues.ts';
import { resolveTables } from './tables-option.ts';
import { UsageError } from './usage-error.ts';

/**
 * `winback staff load FILE`: the staff directory (YAML or JSON, `people: [...]`) becomes the
 * Staff table's: checked whole first (every bad field named, nothing written), then written;
 * people left out are deactivated, not deleted. Open cases pick the change up at their next step.
 */
export async function staffLoadCommand(
  file: string,
  options: { tablePrefix?: string; dataDir?: string },
  log: (line: string) => void,
): Promise<void> {
  let document: unknown;
  try {
    document = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = staffDirectorySchema.safeParse(document);
  if (!parsed.success) throw new UsageError(`${file}: ${formatIssues(fieldIssues(parsed.error))}`);
  const tables = await resolveTables(options, log);
  const doc = documentClient();
  const current = (await loadStaffDirectory(doc, tables).catch(() => undefined))?.people() ?? [];
  const changes = staffChanges(current, parsed.data.people);
  await batchPut(doc, tables.staff, [...changes.put, ...changes.deactivate]);
  log(
    `staff: ${changes.put.length} written, ${changes.deactivate.length} deactivated (not in ${file}), ${changes.unchanged} unchanged`,
  );
}
