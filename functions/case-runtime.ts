import { SFNClient } from '@aws-sdk/client-sfn';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { readLinkSecret } from '#shared/adapters/secretsmanager/link-secret.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { WorkingCalendar } from '#shared/calendar/working-calendar.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { policyFromEnv } from './policy-from-env.ts';
import { traced, tracedDocumentClient } from './tracer.ts';

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The link-signing secret, read once per container (never logged). */
export const linkSecret = (): Promise<string> => readLinkSecret();

/** What the case steps share, built once per Lambda container from its environment. */
export async function caseRuntime() {
  const tables = tableNamesFromEnv();
  const doc = tracedDocumentClient();
  const policy = policyFromEnv();
  const clock = new ZonedClock(policy.timeZone);
  return {
    tables,
    doc,
    policy,
    clock,
    calendar: new WorkingCalendar(policy.calendar, clock),
    cases: new CaseStore(doc, tables),
    sfn: traced(new SFNClient({ maxAttempts: 5 })),
  };
}
