import { maskName, maskPhone } from './mask.ts';

export interface ContactData {
  name?: string | undefined;
  phone?: string | undefined;
  wechat?: string | undefined;
  email?: string | undefined;
}

/** The steps whose owner talks to the customer, and so may see how to reach them in full. */
export const STEPS_THAT_CONTACT = new Set(['response_plan', 'contact', 'loss_reason']);

/** Contact data as a page shows it before anyone asks for more: enough to recognise, not to call. */
export function maskedContact(contact: ContactData): ContactData {
  return {
    ...(contact.name ? { name: maskName(contact.name) } : {}),
    ...(contact.phone ? { phone: maskPhone(contact.phone) } : {}),
    ...(contact.wechat ? { wechat: `${contact.wechat.slice(0, 1)}***` } : {}),
    ...(contact.email ? { email: `${contact.email.slice(0, 1)}***@${contact.email.split('@')[1] ?? ''}` } : {}),
  };
}
