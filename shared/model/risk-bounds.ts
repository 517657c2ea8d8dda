/** The risk's bounds: a probability, never a certainty. */
export const RISK_FLOOR = 1e-4;
export const clampRisk = (risk: number): number => Math.min(1 - RISK_FLOOR, Math.max(RISK_FLOOR, risk));
