import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alive, goneWithin } from '../helpers/process-liveness.ts';

const MODULE = new URL('../../infra/local/dynamodb-local.ts', import.meta.url).href;

/** A process that starts DynamoDB Local as a test run does, reports the JVM's pid, then ends as `how` says. */
function runThatEnds(how: 'killed' | 'exits' | 'interrupted'): Promise<{ jvm: number; ended: Promise<void> }> {
  const script = `
    const { startDynamoDbLocal } = await import(${JSON.stringify(MODULE)});
    const server = await startDynamoDbLocal();
    console.log('jvm ' + server.pid);
    ${how === 'exits' ? 'setTimeout(() => process.exit(1), 200);' : 'setInterval(() => undefined, 1000);'}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const jvm = /jvm (\d+)/.exec(output)?.[1];
      if (jvm === undefined) return;
      if (how === 'killed') child.kill('SIGKILL');
      if (how === 'interrupted') child.kill('SIGINT');
      resolve({ jvm: Number(jvm), ended });
    });
    child.once('exit', (code) =>
      /jvm \d+/.test(output)
        ? undefined
        : reject(new Error(`exited ${code} before starting DynamoDB Local: ${output}`)),
    );
  });
}

describe('DynamoDB Local ends with the process that started it', () => {
  it('whether that process is killed outright, exits on a failure, or is interrupted', async () => {
    const runs = await Promise.all((['killed', 'exits', 'interrupted'] as const).map(runThatEnds));
    await Promise.all(runs.map((run) => run.ended));
    const gone = await Promise.all(runs.map((run) => goneWithin(run.jvm, 10_000)));
    // Never leave one behind, even when the assertion fails.
    for (const run of runs) if (alive(run.jvm)) process.kill(run.jvm, 'SIGKILL');
    expect(gone).toEqual([true, true, true]);
  }, 150_000);
});
