/**
 * Masks for personal data (SPEC section 8): enough for staff to recognise a customer, never
 * enough to contact them outside the system. 13812345678 -> 138****5678, 张三丰 -> 张**.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*';
  return `${characters[0]}${'*'.repeat(characters.length - 1)}`;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

export function maskWechat(wechat: string): string {
  return wechat.length <= 2 ? '**' : `${wechat.slice(0, 2)}${'*'.repeat(Math.min(6, wechat.length - 2))}`;
}

/** A customer's id is not personal data, but an id that is a phone number is. */
export function maskCustomerId(customerId: string): string {
  return /^\+?\d{11,}$/.test(customerId) ? maskPhone(customerId) : customerId;
}
