/**
 * DynamoDB refuses an item above 400 KB, and a customer item near it fails every later write and
 * every transaction that touches it. Writers measure the item they are about to write and stop
 * well below: the rest is headroom for the alert and case attributes other writers add.
 */
export const MAX_CUSTOMER_ITEM_BYTES = 350_000;

/**
 * The size DynamoDB counts for an item of the document client, from its published rules: names
 * and strings in UTF-8 bytes, numbers by significant digits, 3 bytes and 1 a member for lists and
 * maps. Close enough (a little over, never under) to decide before a write instead of after.
 */
export function itemBytes(item: Readonly<Record<string, unknown>>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    total += Buffer.byteLength(name, 'utf8') + valueBytes(value);
  }
  return total;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint')
    return Math.ceil(String(value).replace(/[-.]|e.*$/gi, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return 3 + [...value].reduce((sum: number, member) => sum + valueBytes(member), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, member) => sum + 1 + valueBytes(member), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value).reduce(
        (sum, [name, member]) =>
          member === undefined ? sum : sum + 1 + Buffer.byteLength(name, 'utf8') + valueBytes(member),
        0,
      )
    );
  }
  return 0;
}
