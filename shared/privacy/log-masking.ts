import { maskedCustomer } from '../cases/execution-name.ts';
import { maskName, maskPhone } from './mask.ts';

const maskEmail = (email: string): string => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
};

/** Log attributes that hold personal data, and how each is masked wherever it appears in a log line. */
const MASKS: Record<string, (value: string) => string> = {
  customerId: maskedCustomer,
  // customerId#alertId: the alert id is not personal.
  caseKey: (value) => {
    const at = value.lastIndexOf('#');
    return at < 0 ? maskedCustomer(value) : `${maskedCustomer(value.slice(0, at))}${value.slice(at)}`;
  },
  phone: maskPhone,
  mobile: maskPhone,
  name: maskName,
  customerName: maskName,
  email: maskEmail,
  wechat: (value) => `${value.slice(0, 1)}***`,
  wechatId: (value) => `${value.slice(0, 1)}***`,
};

/**
 * A JSON replacer for the structured logger (SPEC section 8: personal data never in logs in
 * clear): a safety net under the handlers, which log masked case names to begin with.
 */
export function maskPersonalData(key: string, value: unknown): unknown {
  const mask = MASKS[key];
  return mask && typeof value === 'string' ? mask(value) : value;
}
