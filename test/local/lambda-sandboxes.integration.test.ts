import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalLambda } from '../../infra/local/local-lambda.ts';
import { scratchDir } from '../helpers/run-cli.ts';

describe('local functions get a sandbox per concurrent invocation, as in Lambda', () => {
  it('so concurrent invocations never share a module instance (its SDK clients and their sockets), and a finished one is reused warm', async () => {
    const dir = await scratchDir();
    await mkdir(join(dir, 'segment'), { recursive: true });
    // What a handler module holds from its load: here an id standing for its clients.
    await writeFile(
      join(dir, 'segment', 'handler.ts'),
      `const instance = Math.random().toString(36).slice(2);\nexport const handler = async (event: { ms: number }) => { await new Promise((done) => setTimeout(done, event.ms)); return instance; };\n`,
    );
    const lambda = new LocalLambda(
      [{ logicalId: 'Segment', handlerModule: 'segment/handler.ts', timeoutSeconds: 5 }],
      pathToFileURL(`${dir}/`),
    );
    const concurrent = (await Promise.all([1, 2, 3].map(() => lambda.invoke('Segment', { ms: 300 })))) as string[];
    expect(new Set(concurrent).size).toBe(3);
    const later = (await lambda.invoke('Segment', { ms: 1 })) as string;
    expect(concurrent).toContain(later);
  });
});
