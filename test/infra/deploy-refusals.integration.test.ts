import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SES_REGIONS } from '#shared/deploy/aws-regions.ts';
import { checkDeploySettings } from '#shared/deploy/deploy-settings.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';

const run = promisify(execFile);
const outdirs: string[] = [];

afterAll(async () => {
  await Promise.all(outdirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const REAL = { 'winback:mailFrom': 'winback@chain.example.cn', 'winback:opsEmail': 'ops@chain.example.cn' };

/** The CDK app as `npx cdk synth` runs it: region and context from the CLI's environment, bundling skipped. */
async function synth(
  region: string,
  context: Record<string, string>,
): Promise<{ code: number; stderr: string; stacks: string[] }> {
  const outdir = await mkdtemp(join(tmpdir(), 'winback-deploy-'));
  outdirs.push(outdir);
  const env = {
    ...process.env,
    CDK_DEFAULT_REGION: region,
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify({ ...context, 'aws:cdk:bundling-stacks': [] }),
  };
  try {
    const { stderr } = await run(process.execPath, ['infra/app.ts'], { env });
    return {
      code: 0,
      stderr,
      stacks: (await readdir(outdir)).filter((file) => file.endsWith('.template.json')).sort(),
    };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr, stacks: [] };
  }
}

describe('the synth for a deployment (infra/app.ts)', () => {
  it('refuses Hong Kong (no SES) without a mail region, naming the region, the regions that work and the way out', async () => {
    const { code, stderr, stacks } = await synth('ap-east-1', REAL);
    expect(code).toBe(1);
    expect(stacks).toEqual([]);
    expect(stderr).toContain('ap-east-1 has no SES');
    expect(stderr).toContain('ap-southeast-1, ap-southeast-2');
    expect(stderr).toContain('-c winback:mailRegion=ap-southeast-1');
  }, 60_000);

  it('synthesizes Hong Kong with a mail region: the stack, and the mail stack in the mail region', async () => {
    const { code, stderr, stacks } = await synth('ap-east-1', {
      ...REAL,
      'winback:mailRegion': 'ap-southeast-1',
      'winback:privacyOfficers': 'arn:aws:iam::111122223333:role/DataProtection',
    });
    expect(stderr).not.toContain('ERROR');
    expect(stderr).toContain('ap-east-1 is an opt-in region');
    expect(code).toBe(0);
    expect(stacks).toEqual(['Winback.template.json', 'WinbackMail.template.json']);
  }, 120_000);

  it('refuses a placeholder or missing sender and ops address, naming the context key to set', async () => {
    const { code, stderr } = await synth('ap-southeast-1', { 'winback:mailFrom': 'winback@example.com' });
    expect(code).toBe(1);
    expect(stderr).toContain('winback:mailFrom: winback@example.com is a placeholder');
    expect(stderr).toContain('pass -c winback:mailFrom=');
    expect(stderr).toContain('winback:opsEmail: no address for the alarms is set');
  }, 60_000);

  it('refuses the China regions outright: another partition, no SES to send through', async () => {
    const { code, stderr } = await synth('cn-north-1', { ...REAL, 'winback:mailRegion': 'ap-northeast-1' });
    expect(code).toBe(1);
    expect(stderr).toContain('cn-north-1 is a China region');
    expect(stderr).toContain('AWS global-region account');
  }, 60_000);
});

describe('deploy settings', () => {
  it('accepts a region with SES and real addresses, and warns only about unnamed privacy officers', () => {
    expect(
      checkDeploySettings({
        region: 'ap-southeast-1',
        mailFrom: 'winback@chain.example.cn',
        opsEmail: 'ops@chain.example.cn',
      }).map((f) => [f.level, f.subject]),
    ).toEqual([['warning', 'winback:privacyOfficers']]);
  });

  it('refuses a mail region that has no SES either', () => {
    const findings = checkDeploySettings({
      region: 'ap-east-1',
      mailRegion: 'ap-east-1x',
      mailFrom: 'a@chain.example.cn',
      opsEmail: 'b@chain.example.cn',
      privacyOfficers: ['arn:aws:iam::1:role/x'],
    });
    expect(findings.filter((f) => f.level === 'error').map((f) => f.subject)).toEqual(['winback:mailRegion']);
  });

  it('lists Singapore and Tokyo, not Hong Kong or the China regions, as SES regions', () => {
    expect(SES_REGIONS).toEqual(expect.arrayContaining(['ap-southeast-1', 'ap-northeast-1']));
    for (const region of ['ap-east-1', 'cn-north-1', 'cn-northwest-1']) expect(SES_REGIONS).not.toContain(region);
  });

  it("points the functions' SES clients at the mail region when the stack names one, else leaves the SDK its own", () => {
    expect(sesRegion({ MAIL_REGION: 'ap-southeast-1' })).toEqual({ region: 'ap-southeast-1' });
    expect(sesRegion({})).toEqual({});
  });
});
