import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { staffDirectorySchema } from '#shared/staff/staff-directory.ts';
import { type LocalSes, startLocalSes } from '../../infra/local/local-ses.ts';
import type { StaffEntry } from './case-fixtures.ts';
import { useLocalLambdaEnvironment } from './local-lambda-env.ts';
import { type LocalTables, localTables } from './local-tables.ts';

/** Where the case links point, and the key they are signed with, in every case test. */
export const LINK_BASE_URL = 'https://links.test';
export const LINK_SECRET = 'local-link-secret-0123456789';

export interface CaseWorldOptions {
  /** The staff on file: the people of the chain's line a test needs (case-fixtures.ts `lineOf`), and any of its own. */
  staff: readonly StaffEntry[];
  /** Policy seconds per real second (WINBACK_TIME_SCALE); 86400 makes a day pass in a second. Default 1. */
  timeScale?: number;
  /** More of the environment the handlers read (a policy, the policy clock...). */
  env?: Readonly<Record<string, string>>;
}

export interface CaseWorld {
  local: LocalTables;
  ses: LocalSes;
  /** Stops the mail server and puts back the environment the world set. */
  stop(): Promise<void>;
}

/**
 * What a case's handlers run against in a test: fresh tables on DynamoDB Local with the staff on
 * file, a local SES, and the environment a deployed handler gets (mail sender, link base and
 * secret, the pace of policy time). Start it before a handler or the workflow is imported: they
 * read the environment once.
 */
export async function startCaseWorld(options: CaseWorldOptions): Promise<CaseWorld> {
  const local = await localTables();
  const ses = await startLocalSes();
  useLocalLambdaEnvironment(local.names);
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_SES: ses.url,
    MAIL_FROM: 'winback@chain.example',
    LINK_BASE_URL,
    LINK_SECRET,
    WINBACK_TIME_SCALE: String(options.timeScale ?? 1),
    ...options.env,
  };
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  // Parsed as a step reads it: a test's list that names a missing supervisor fails here, by name.
  await batchPut(local.doc, local.names.staff, staffDirectorySchema.parse({ people: options.staff }).people);
  return {
    local,
    ses,
    async stop() {
      await ses.stop();
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
