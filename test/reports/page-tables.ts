/** What a reader sees of a report page's tables, read from its HTML (tests only). */

/** The column titles of every table on a page, table by table. */
export const columnTitles = (html: string): string[][] =>
  [...html.matchAll(/<tr>((?:<th>[^<]*<\/th>)+)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<th>([^<]*)<\/th>/g)].map((cell) => cell[1] ?? ''),
  );

/** The cells of every body row on a page, row by row, as written (HTML). */
export const cells = (html: string): string[][] =>
  [...html.matchAll(/<tr>((?:<td[^>]*>.*?<\/td>)+)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1] ?? ''),
  );

/** A title or line whose Chinese comes before any English ("95%区间 95% interval", "1级预警 L1"). */
export const CHINESE_FIRST = /^[^A-Za-z]*[\u4e00-\u9fff]/;
