import { type Finding, isPlaceholderAddress } from './deploy-settings.ts';

interface Resource {
  Type: string;
  /** The properties these checks read; a resource has more, of every shape. */
  Properties?: {
    DefinitionString?: unknown;
    Environment?: { Variables?: Record<string, unknown> };
    KmsKeyId?: unknown;
    DefaultRouteSettings?: { ThrottlingRateLimit?: unknown };
  };
}

/** What the deployment will be, read from the synthesized template (`npx cdk synth` writes cdk.out/Winback.template.json). */
export interface TemplateFacts {
  /** The sender the functions are given (MAIL_FROM). */
  mailFrom?: string;
  /** The region their SES clients use when not the stack's (MAIL_REGION). */
  mailRegion?: string;
  /** How many segments a scan runs at once (the scan Map's MaxConcurrency): the peak Lambda concurrency of a scan. */
  scanConcurrency: number;
  functions: number;
}

export interface TemplateCheck {
  facts: TemplateFacts;
  findings: Finding[];
}

/** The scan's Map state concurrency, from the state machine definition (a string with intrinsic parts). */
function scanConcurrency(resources: Resource[]): number {
  const definitions = resources
    .filter((r) => r.Type === 'AWS::StepFunctions::StateMachine')
    .map((r) => JSON.stringify(r.Properties?.DefinitionString ?? ''));
  const found = definitions.flatMap((text) =>
    [...text.matchAll(/\\"MaxConcurrency\\":(\d+)/g)].map((match) => Number(match[1])),
  );
  return found.length ? Math.max(...found) : 0;
}

/** Checks the synthesized template for what a deployment needs and what the stack promises (encrypted logs, throttled APIs, a real sender). */
export function checkTemplate(template: { Resources?: Record<string, Resource> }): TemplateCheck {
  const entries = Object.entries(template.Resources ?? {});
  const resources = entries.map(([, resource]) => resource);
  const functions = resources.filter((r) => r.Type === 'AWS::Lambda::Function');
  const variables = functions.map((fn) => fn.Properties?.Environment?.Variables ?? {});
  const mailFrom = variables.map((v) => v.MAIL_FROM).find((value): value is string => typeof value === 'string');
  const mailRegion = variables.map((v) => v.MAIL_REGION).find((value): value is string => typeof value === 'string');
  const facts: TemplateFacts = {
    ...(mailFrom ? { mailFrom } : {}),
    ...(mailRegion ? { mailRegion } : {}),
    scanConcurrency: scanConcurrency(resources),
    functions: functions.length,
  };
  const findings: Finding[] = [];

  if (mailFrom && isPlaceholderAddress(mailFrom)) {
    findings.push({
      level: 'error',
      subject: 'template: MAIL_FROM',
      message: `the synthesized functions send from ${mailFrom}, a placeholder: every case would fail at its first email`,
      fix: 'synthesize again with -c winback:mailFrom=<the verified sender>',
    });
  } else if (mailFrom) {
    findings.push({ level: 'ok', subject: 'template: MAIL_FROM', message: `the functions send from ${mailFrom}` });
  }
  const unencrypted = entries
    .filter(([, r]) => r.Type === 'AWS::Logs::LogGroup' && !r.Properties?.KmsKeyId)
    .map(([id]) => id);
  findings.push(
    unencrypted.length
      ? {
          level: 'warning',
          subject: 'template: log groups',
          message: `${unencrypted.length} log groups are not encrypted with the stack's key (${unencrypted.slice(0, 3).join(', ')})`,
          fix: "synthesize with this repository's infra/ (EncryptedLogGroups)",
        }
      : { level: 'ok', subject: 'template: log groups', message: "every log group is encrypted with the stack's key" },
  );
  const unthrottled = entries
    .filter(
      ([, r]) => r.Type === 'AWS::ApiGatewayV2::Stage' && !r.Properties?.DefaultRouteSettings?.ThrottlingRateLimit,
    )
    .map(([id]) => id);
  findings.push(
    unthrottled.length
      ? {
          level: 'warning',
          subject: 'template: API stages',
          message: `stages without throttling: ${unthrottled.join(', ')}`,
          fix: "synthesize with this repository's infra/ (LINKS_THROTTLE, INGEST_THROTTLE)",
        }
      : { level: 'ok', subject: 'template: API stages', message: 'both API stages are throttled' },
  );
  const configurationSets = resources.filter((r) => r.Type === 'AWS::SES::ConfigurationSet').length;
  if (configurationSets === 0 && !mailRegion) {
    findings.push({
      level: 'error',
      subject: 'template: SES',
      message: 'the template has no SES configuration set and names no mail region',
      fix: "synthesize with this repository's infra/app.ts",
    });
  }
  return { facts, findings };
}
