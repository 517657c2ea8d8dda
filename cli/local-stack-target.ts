import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a running `npm start` wrote about itself in its data folder. */
export interface LocalStackTarget {
  pid: number;
  urls: { api: string; ops: string; mailbox: string; dynamodb: string; stepFunctions: string };
  stateMachines: { case: string; scan: string };
  tablePrefix: string;
  policy: string;
  region: string;
}

export const DEFAULT_LOCAL_DATA_DIR = '.winback/local';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The local stack running from `dataDir`, if one is; a file left by a stack that died does not count. */
export async function runningLocalStack(dataDir = DEFAULT_LOCAL_DATA_DIR): Promise<LocalStackTarget | undefined> {
  let target: LocalStackTarget;
  try {
    target = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as LocalStackTarget;
  } catch {
    return undefined;
  }
  return alive(target.pid) ? target : undefined;
}

/** Points this process's AWS SDK clients at the local stack, through the SDK's own endpoint variables. */
export function useLocalStack(target: LocalStackTarget, env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, {
    AWS_REGION: target.region,
    AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_ENDPOINT_URL_DYNAMODB: target.urls.dynamodb,
    AWS_ENDPOINT_URL_SFN: target.urls.stepFunctions,
  });
}
