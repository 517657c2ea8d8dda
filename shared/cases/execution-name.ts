import { createHash } from 'node:crypto';
import type { Level } from '../policy/policy-schema.ts';
import { maskPhone } from '../privacy/mask.ts';

export interface ExecutionNameParts {
  level: Level;
  storeId: string;
  customerId: string;
  /** Local ISO instant the alert was identified at: its date goes in the name. */
  identifiedAt: string;
  alertId: string;
}

const MAX = 80;
const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '-').replace(/-+/g, '-');

/** The customer id with its middle hidden: enough for ops to match a case, not to read an id that is a phone number. */
export function maskedCustomer(customerId: string): string {
  if (/^\+?\d{11,}$/.test(customerId)) return maskPhone(customerId);
  if (customerId.length <= 4) return '*'.repeat(customerId.length);
  const keep = Math.min(3, Math.floor(customerId.length / 4));
  return `${customerId.slice(0, keep)}${'*'.repeat(customerId.length - 2 * keep)}${customerId.slice(-keep)}`;
}

/**
 * A Step Functions execution name an operator can find a case by, such as
 * `L2-STORE-01-C00--037-20261123-1f3a9c`: level, store, masked customer, date, and a hash of the
 * customer and alert, so one alert always gets the same name (a retried start is recognised) and
 * two alerts never share one. At most 80 characters of the allowed alphabet.
 */
export function executionName(parts: ExecutionNameParts): string {
  const date = parts.identifiedAt.slice(0, 10).replace(/-/g, '');
  const hash = createHash('sha256').update(`${parts.customerId}\n${parts.alertId}`).digest('hex').slice(0, 8);
  const customer = safe(maskedCustomer(parts.customerId).replace(/\*/g, 'x')).slice(0, 24);
  const fixed = `L${parts.level}--${customer}-${date}-${hash}`;
  const store = safe(parts.storeId).slice(0, MAX - fixed.length);
  return `L${parts.level}-${store}-${customer}-${date}-${hash}`.slice(0, MAX);
}
