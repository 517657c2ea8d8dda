import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');

/** The shell blocks of the deploy guide (docs/deploy.md, which the README links), in order. */
async function guideBlocks(): Promise<string[]> {
  const guide = await readFile(join(repo, 'docs', 'deploy.md'), 'utf8');
  // Fenced blocks, indented under a list item or not: the indentation is the fence's.
  return [...guide.matchAll(/^( *)```(?:sh|bash)\n([\s\S]*?)^\1```$/gm)].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n'),
  );
}

/**
 * Stand-ins for the commands that need an AWS account, so that the guide runs as written with
 * everything else real: `npx cdk synth` synthesizes (the app, the checks, cdk-nag, the bundles),
 * `npx winback` runs the CLI (doctor offline: --aws dropped), and the deploy, the bootstrap and
 * the AWS CLI only record what they were asked.
 */
const SHIM = [
  'set -euo pipefail',
  'npx() {',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
  '  case "$1 ${2:-}" in',
  '    "cdk synth") shift 2; cdk synth "$@" ;;',
  '    "cdk deploy") shift 2; printf "deploy %s\\n" "$*" >> "$CALLS" ;;',
  '    "cdk bootstrap") shift 2; printf "bootstrap %s\\n" "$*" >> "$CALLS" ;;',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
  '    "winback "*) shift; local args=(); for arg in "$@"; do [ "$arg" = --aws ] || args+=("$arg"); done; node "$REPO/cli/winback.ts" "${args[@]}" ;;',
  '    *) echo "the guide runs npx $*, which this test does not know" >&2; return 1 ;;',
  '  esac',
  '}',
  'aws() { printf "aws %s\\n" "$*" >> "$CALLS"; echo 111122223333; }',
].join('\n');

/** The chain's own addresses, where the guide says to put them. */
const withOwnAddresses = (block: string) =>
  block.replaceAll('@mail.example.com', '@mail.winback-chain.cn').replaceAll('ops@example.com', 'ops@winback-chain.cn');

let dir: string;

async function runGuide(blocks: string[]): Promise<{ code: number; stdout: string; stderr: string; calls: string[] }> {
  await rm(join(dir, 'calls'), { force: true });
  await writeFile(join(dir, 'calls'), '');
  const env = {
    ...process.env,
    PATH: `${join(repo, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`,
    REPO: repo,
    CALLS: join(dir, 'calls'),
    // No AWS account: no credentials, no instance metadata to wait for.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
  };
  try {
    const { stdout, stderr } = await run('bash', ['-c', `${SHIM}\n${blocks.join('\n')}`], {
      cwd: dir,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr, calls: (await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n') };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, calls: [] };
  }
}

beforeAll(async () => {
  // The project as a chain has it, without writing policy.yaml or cdk.out into this tree.
  dir = await mkdtemp(join(tmpdir(), 'winback-guide-'));
  const cdkJson = JSON.parse(await readFile(join(repo, 'cdk.json'), 'utf8')) as { app: string };
  await writeFile(
    join(dir, 'cdk.json'),
    JSON.stringify({ ...cdkJson, app: cdkJson.app.replace('infra/app.ts', join(repo, 'infra', 'app.ts')) }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the deploy guide', () => {
  it('is valid shell, block by block, as pasted', async () => {
    const blocks = await guideBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      await expect(run('bash', ['-n', '-c', block]), block).resolves.toBeDefined();
      // No comment after a line continuation, nor a continuation at all: each line runs as pasted.
      expect(block, block).not.toMatch(/\\\s*#|\\$/m);
    }
  });

  it('stops, naming the settings, when the example addresses are pasted unchanged', async () => {
    const blocks = (await guideBlocks()).filter((block) => block.includes('npx cdk'));
    const { code, stderr } = await runGuide(blocks.slice(0, 2));
    expect(code).not.toBe(0);
    expect(stderr).toContain('winback:mailFrom: winback@mail.example.com is a placeholder');
    expect(stderr).toContain('winback:opsEmail: ops@example.com is a placeholder');
  }, 180_000);

  it('synthesizes, checks and deploys with the same settings, in Singapore and in Hong Kong with a mail region', async () => {
    const blocks = (await guideBlocks()).filter((block) => block.includes('npx cdk')).map(withOwnAddresses);
    expect(blocks).toHaveLength(3);
    const { code, stdout, stderr, calls } = await runGuide(blocks);
    expect(stderr, stderr).not.toContain('ERROR');
    expect(code).toBe(0);
    // The doctor ran offline on each synthesized template and found nothing to stop the deploy.
    expect(stdout.match(/^Winback doctor: .*$/gm)).toEqual([
      'Winback doctor: region ap-southeast-1',
      'Winback doctor: region ap-east-1, mail region ap-southeast-1',
    ]);
    expect(stdout.match(/^0 errors, .*$/gm)).toHaveLength(2);
    expect(stdout).toContain('ok template: MAIL_FROM: the functions send from winback@mail.winback-chain.cn');
    const deploys = calls.filter((call) => call.startsWith('deploy '));
    expect(deploys).toEqual([
      'deploy --all -c winback:mailFrom=winback@mail.winback-chain.cn -c winback:opsEmail=ops@winback-chain.cn -c winback:policyFile=policy.yaml -c winback:scanSegments=8 -c winback:privacyOfficers=arn:aws:iam::111122223333:role/DataProtection',
      'deploy --all -c winback:mailFrom=winback@mail.winback-chain.cn -c winback:opsEmail=ops@winback-chain.cn -c winback:policyFile=policy.yaml -c winback:scanSegments=8 -c winback:privacyOfficers=arn:aws:iam::111122223333:role/DataProtection -c winback:mailRegion=ap-southeast-1',
    ]);
    expect(calls).toContain('bootstrap aws://111122223333/ap-east-1 aws://111122223333/ap-southeast-1');
    // The last synth is the Hong Kong one: its mail stack in the mail region.
    const manifest = JSON.parse(await readFile(join(dir, 'cdk.out', 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { environment?: string }>;
    };
    expect(manifest.artifacts.WinbackMail?.environment).toBe('aws://unknown-account/ap-southeast-1');
  }, 300_000);
});
