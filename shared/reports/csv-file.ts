import { stringify } from 'csv-stringify/sync';

/**
 * A number written as text in a fixed format (shareCell, toFixed): nothing but a decimal number,
 * which a spreadsheet reads as that number and never as a formula.
 */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What makes Excel, LibreOffice or Google Sheets read a cell as a formula (or run a DDE command). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell as the file gets it. Numbers (and text that is only a number, such as -12.50 from
 * toFixed) stay numbers; any other text starting with = + - @, a tab or a carriage return gets a
 * leading single quote, so that a spreadsheet shows it as text instead of evaluating it (OWASP's
 * advice against CSV injection): a store id such as =HYPERLINK("http://evil","x") from a careless
 * or hostile source reaches the reader as the text it is, in the report, its S3 copy and the email.
 */
export function csvCell(value: unknown): string | number | boolean {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  // As csv-stringify casts them: a date as its epoch milliseconds, an object as JSON.
  if (value instanceof Date) return value.getTime();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (NUMBER_TEXT.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A CSV as Excel opens it with Chinese text intact: UTF-8 with a byte-order mark, every cell
 * neutralised against formula injection (csvCell). Every CSV the product writes goes through
 * here: the reports (files, S3 copies, email attachments) and the CLI's exports.
 */
export function csvFile(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return `\uFEFF${stringify(
    rows.map((row) => row.map(csvCell)),
    { header: true, columns: columns.map((column) => String(csvCell(column))) },
  )}`;
}

/** A share as CSV writes it: four decimals, empty when there is none. */
export const shareCell = (value: number | undefined): string => (value === undefined ? '' : value.toFixed(4));
