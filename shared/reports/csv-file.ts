import { stringify } from 'csv-stringify/sync';

/** A CSV as Excel opens it with Chinese text intact: UTF-8 with a byte-order mark. */
export function csvFile(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return `\uFEFF${stringify(rows as unknown[][], { header: true, columns: [...columns] })}`;
}

/** A share as CSV writes it: four decimals, empty when there is none. */
export const shareCell = (value: number | undefined): string => (value === undefined ? '' : value.toFixed(4));
