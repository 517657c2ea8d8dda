/** The reports management reads (SPEC section 6, Art. 11, 17-20, 24): one name each, used by the CLI, the schedules and the policy's audiences. */
export const REPORT_KINDS = ['weekly', 'risk-list', 'evaluation', 'kpis', 'churn-reasons', 'quarterly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const isReportKind = (kind: string): kind is ReportKind => (REPORT_KINDS as readonly string[]).includes(kind);
