import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alive, goneWithin } from '../helpers/process-liveness.ts';

const MODULE = new URL('../../infra/local/exit-with-parent.ts', import.meta.url).href;

/**
 * `npm test` as it runs: npm starts `sh -c "tsc --noEmit && vitest run"`, and the shell starts
 * vitest, whose global setup watches its parent. Here a shell-like parent starts a child that
 * watches it the same way and would otherwise run forever.
 */
function parentWithWatchingChild(): Promise<{ parent: ReturnType<typeof spawn>; child: number }> {
  const childScript = `
    const { endWithParent } = await import(${JSON.stringify(MODULE)});
    endWithParent(100);
    setInterval(() => undefined, 1000);
    console.log('ready');
  `;
  const parentScript = `
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--input-type=module', '-e', ${JSON.stringify(childScript)}], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => { if (String(chunk).includes('ready')) console.log('child ' + child.pid); });
    setInterval(() => undefined, 1000);
  `;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', parentScript], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    parent.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const child = /child (\d+)/.exec(output)?.[1];
      if (child !== undefined) resolve({ parent, child: Number(child) });
    });
    parent.once('exit', (code) =>
      reject(new Error(`the parent exited (${code}) before its child was ready: ${output}`)),
    );
  });
}

describe('a test run whose starter is gone', () => {
  it('ends too, instead of running on orphaned (npm stopped by SIGTERM leaves vitest under a dead shell)', async () => {
    const { parent, child } = await parentWithWatchingChild();
    try {
      // Alive while its parent is.
      expect(alive(child)).toBe(true);
      parent.kill('SIGKILL');
      expect(await goneWithin(child, 10_000)).toBe(true);
    } finally {
      if (alive(child)) process.kill(child, 'SIGKILL');
      parent.kill('SIGKILL');
    }
  }, 30_000);
});
