import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option } from 'commander';
import { type TableNames, tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { localTableNames } from '../infra/local/create-tables.ts';
import { DEFAULT_LOCAL_DATA_DIR, runningLocalStack, useLocalStack } from './local-stack-target.ts';
import { UsageError } from './usage-error.ts';

/**
 * The tables a command works on: local tables named with --table-prefix, else the names in the
 * environment (as deployed), else those of the local stack `npm start` is running.
 */
export async function resolveTables(
  options: { tablePrefix?: string; dataDir?: string },
  log: (line: string) => void,
): Promise<TableNames> {
  try {
    return options.tablePrefix !== undefined ? localTableNames(options.tablePrefix) : tableNamesFromEnv();
  } catch (error) {
    const local = await runningLocalStack(options.dataDir);
    if (local === undefined)
      throw new UsageError(
        `${(error as Error).message}; or pass --table-prefix for a local stack, or start one with \`npm start\``,
      );
    useLocalStack(local);
    // Its link secret keys the customer references its emails show, so a report names customers as they do.
    process.env.LINK_SECRET ??= await readFile(join(options.dataDir ?? DEFAULT_LOCAL_DATA_DIR, 'link-secret'), 'utf8')
      .then((secret) => secret.trim())
      .catch(() => undefined);
    log(`using the local stack (${local.urls.dynamodb})`);
    return localTableNames(local.tablePrefix);
  }
}

/** The options of every command that works on the tables (import, report, staff load, erase): where resolveTables looks. */
export const tablePrefixOption = (): Option =>
  new Option(
    '--table-prefix <prefix>',
    'local tables named PREFIX + table; default: table names from the environment, else the running local stack',
  );

export const dataDirOption = (): Option =>
  new Option('--data-dir <dir>', 'with no tables named: the data folder of the running local stack').default(
    DEFAULT_LOCAL_DATA_DIR,
  );
