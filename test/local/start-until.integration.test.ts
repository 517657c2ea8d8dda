import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { scratchDir } from '../helpers/run-cli.ts';

describe('npm start --until', () => {
  it('stops the stack when policy time reaches the bound, says so, and the process ends by itself; an empty data folder is warned about', async () => {
    const dataDir = await scratchDir();
    const ports = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const args = [
      'cli/winback.ts',
      'start',
      '--data-dir',
      dataDir,
      '--no-sample',
      '--no-schedules',
      '--time-scale',
      '604800',
      '--until',
      until,
    ];
    const flags = ['--api-port', '--dynamodb-port', '--ses-port', '--step-functions-port', '--s3-port'];
    const child = spawn(process.execPath, [...args, ...flags.flatMap((flag, i) => [flag, String(ports[i])])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    // Generous: only keeps a hung process from outliving the test.
    const killer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    clearTimeout(killer);
    expect(output).toContain('warning: the data folder holds no customers');
    expect(output).toContain('Stops by itself when policy time reaches');
    expect(output).toMatch(/policy time reached .* \(--until\): stopping\.\.\./);
    expect(output).toContain('stopped.');
    expect(output).not.toContain('@smithy/node-http-handler:WARN');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 180_000);
});
