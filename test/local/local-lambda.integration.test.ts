import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalLambda } from '../../infra/local/local-lambda.ts';
import { scratchDir } from '../helpers/run-cli.ts';

describe('functions run locally as Lambda runs them', () => {
  it("fail with Lambda's timeout error when they run past their timeout, and report a handler's error by its name", async () => {
    const dir = await scratchDir();
    await mkdir(join(dir, 'slow'), { recursive: true });
    await writeFile(
      join(dir, 'slow', 'handler.ts'),
      `export const handler = async (event: { ms: number }) => { await new Promise((done) => setTimeout(done, event.ms)); return { slept: event.ms }; };\n`,
    );
    await mkdir(join(dir, 'broken'), { recursive: true });
    await writeFile(
      join(dir, 'broken', 'handler.ts'),
      `export const handler = async () => { throw Object.assign(new Error('nobody holds the role'), { name: 'StaffingGapError' }); };\n`,
    );
    const lambda = new LocalLambda(
      [
        { logicalId: 'Slow', handlerModule: 'slow/handler.ts', timeoutSeconds: 1 },
        { logicalId: 'Broken', handlerModule: 'broken/handler.ts', timeoutSeconds: 3 },
      ],
      pathToFileURL(`${dir}/`),
    );
    expect(await lambda.invoke('Slow', { ms: 10 })).toEqual({ slept: 10 });
    await expect(
      lambda.invoke('arn:aws:lambda:ap-east-1:123456789012:function:Slow', { ms: 3_000 }),
    ).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: 'Task timed out after 1.00 seconds' });
    await expect(lambda.invoke('Broken', {})).rejects.toMatchObject({
      name: 'StaffingGapError',
      message: 'nobody holds the role',
    });
  });
});
