/**
 * How fast policy time passes for the workflow: 1 in production; a demo or a test sets
 * WINBACK_TIME_SCALE (86400 makes a day pass in a second). Applied here only: every timeout and
 * wait the case workflow gets is turned into seconds by this function.
 */
export function timeScale(env: NodeJS.ProcessEnv = process.env): number {
  const scale = Number(env.WINBACK_TIME_SCALE ?? 1);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`WINBACK_TIME_SCALE must be a positive number, got "${env.WINBACK_TIME_SCALE}"`);
  return scale;
}

/** Whole seconds (at least 1) the workflow waits until `dueAt`, at the configured pace. */
export function workflowSecondsUntil(dueAt: number, now: number, scale = timeScale()): number {
  return Math.max(1, Math.ceil((dueAt - now) / 1000 / scale));
}
