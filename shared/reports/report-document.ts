import type { ReportKind } from './report-kind.ts';

/** A report ready to store and send: the CSV for spreadsheets, the page for reading, and the lines an email opens with. */
export interface ReportDocument {
  kind: ReportKind;
  period: string;
  title: string;
  csv: string;
  html: string;
  /** The headline numbers, one line each, in the order a manager reads them. */
  headline: string[];
}
