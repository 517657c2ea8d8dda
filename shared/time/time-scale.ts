/**
 * How fast policy time passes for the workflow: 1 in production; a demo or a test sets
 * WINBACK_TIME_SCALE (86400 makes a day pass in a second). Applied here only: every timeout and
 * wait the case workflow gets is turned into seconds by this function.
 */
export function timeScale(env: NodeJS.ProcessEnv = process.env): number {
  const scale = Number(env.WINBACK_TIME_SCALE ?? 1);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`WINBACK_TIME_SCALE must be a positive number, got "${env.WINBACK_TIME_SCALE}"`);
  return scale;
}

/**
 * Policy time: the real clock, or, when WINBACK_CLOCK_EPOCH (epoch ms) is set too, a clock that
 * runs WINBACK_TIME_SCALE times faster from that moment, so that a demo or a test can reach the
 * end of a 90-day tracking window in seconds. WINBACK_CLOCK_START (epoch ms, default the epoch)
 * is the policy time at that moment: a local stack changing pace, or restarting, carries policy
 * time on from where it was. Every case step reads the time here.
 */
export function policyNow(env: NodeJS.ProcessEnv = process.env, realNow = Date.now()): number {
  const epoch = Number(env.WINBACK_CLOCK_EPOCH);
  if (!env.WINBACK_CLOCK_EPOCH || !Number.isFinite(epoch)) return realNow;
  const start = env.WINBACK_CLOCK_START ? Number(env.WINBACK_CLOCK_START) : epoch;
  if (!Number.isFinite(start))
    throw new RangeError(`WINBACK_CLOCK_START must be epoch milliseconds, got "${env.WINBACK_CLOCK_START}"`);
  return start + (realNow - epoch) * timeScale(env);
}

/** Whole seconds (at least 1) the workflow waits until `dueAt`, at the configured pace. */
export function workflowSecondsUntil(dueAt: number, now: number, scale = timeScale()): number {
  return Math.max(1, Math.ceil((dueAt - now) / 1000 / scale));
}
