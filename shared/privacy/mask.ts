/**
 * Masks for personal data (SPEC section 8): enough for staff to recognise a customer, never
 * enough to contact them outside the system. 13812345678 -> 138****5678, 张三丰 -> 张**.
 */
export function maskPhone(phone: string): string {
  // +86 138 1234 5678: the country code is not part of what staff recognise.
  const digits = phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*';
  return `${characters[0]}${'*'.repeat(characters.length - 1)}`;
}
