import { readFile, writeFile } from 'node:fs/promises';
import { policyNow, timeScale } from '#shared/time/time-scale.ts';

export interface ClockReading {
  /** Policy time now, epoch ms. */
  now: number;
  /** Policy seconds per real second. */
  scale: number;
}

/**
 * The local stack's policy clock. It is the WINBACK_CLOCK_* and WINBACK_TIME_SCALE variables every
 * handler reads (shared/time/time-scale.ts); changing pace restarts the clock from the current
 * policy time, so time only ever runs forward. A sped-up clock is kept in the data folder, so a
 * restart carries on from the policy time the data was written in.
 */
export class LocalClock {
  readonly #env: NodeJS.ProcessEnv;
  readonly #file: string | undefined;

  private constructor(env: NodeJS.ProcessEnv, file: string | undefined) {
    this.#env = env;
    this.#file = file;
  }

  /** Starts at the saved policy time when it is ahead of the real clock, else at the real clock. */
  static async start(options: { scale: number; file?: string; env?: NodeJS.ProcessEnv }): Promise<LocalClock> {
    const clock = new LocalClock(options.env ?? process.env, options.file);
    let saved: number | undefined;
    if (options.file) {
      try {
        saved = (JSON.parse(await readFile(options.file, 'utf8')) as { now?: number }).now;
      } catch {
        saved = undefined;
      }
    }
    clock.#set(Math.max(saved ?? 0, Date.now()), options.scale);
    return clock;
  }

  read(): ClockReading {
    return { now: policyNow(this.#env), scale: timeScale(this.#env) };
  }

  /** Runs policy time `scale` times faster than real time from now on. */
  async setPace(scale: number): Promise<ClockReading> {
    if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`the time scale must be a positive number, got ${scale}`);
    this.#set(policyNow(this.#env), scale);
    await this.save();
    return this.read();
  }

  async save(): Promise<void> {
    if (this.#file) await writeFile(this.#file, `${JSON.stringify({ now: policyNow(this.#env) })}\n`, 'utf8');
  }

  #set(policyStart: number, scale: number): void {
    Object.assign(this.#env, { WINBACK_CLOCK_EPOCH: String(Date.now()), WINBACK_CLOCK_START: String(policyStart), WINBACK_TIME_SCALE: String(scale) });
  }
}
