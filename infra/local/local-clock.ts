import { readFile, writeFile } from 'node:fs/promises';
import { policyNow, timeScale } from '#shared/time/time-scale.ts';

/**
 * The fastest pace the local stack takes: a week a second. A wait lasts whole real seconds, so at
 * this pace a deadline may already land up to a week late; faster, policy time outruns the work it
 * drives. Even a day a second took the default chain six months ahead in two and a half minutes
 * (thousands of cases opened and failed unanswered): --until is what bounds a demo.
 */
export const MAX_PACE = 7 * 86_400;

/** Why a pace is refused, or undefined when it is taken. */
export function paceProblem(scale: number): string | undefined {
  if (!Number.isFinite(scale) || scale <= 0)
    return `the pace must be a positive number of policy seconds per second, got ${scale}`;
  if (scale > MAX_PACE)
    return `the pace is at most ${MAX_PACE} (a week a second), got ${scale}: bound a demo with --until rather than a faster clock`;
  return undefined;
}

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
  /** Each pace since this process started the clock: what policy time a real instant stood for. */
  readonly #paces: Array<{ wall: number; policy: number; scale: number }> = [];

  private constructor(env: NodeJS.ProcessEnv, file: string | undefined) {
    this.#env = env;
    this.#file = file;
  }

  /** Starts at the saved policy time when it is ahead of the real clock, else at the real clock. */
  static async start(options: { scale: number; file?: string; env?: NodeJS.ProcessEnv }): Promise<LocalClock> {
    const problem = paceProblem(options.scale);
    if (problem) throw new RangeError(problem);
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

  /**
   * Runs policy time `scale` times faster than real time from now on. Waits already running
   * follow: the local Step Functions keeps each task's deadline in policy time (see
   * step-functions/policy-deadlines.ts).
   */
  async setPace(scale: number): Promise<ClockReading> {
    const problem = paceProblem(scale);
    if (problem) throw new RangeError(problem);
    this.#set(policyNow(this.#env), scale);
    await this.save();
    return this.read();
  }

  /**
   * The policy time of a real instant of this process's life (an execution's start, a history
   * event), through the paces the clock has run at; an instant before the clock started is read
   * at its first pace.
   */
  policyAt(wallMs: number): number {
    const pace = [...this.#paces].reverse().find((p) => p.wall <= wallMs) ?? this.#paces[0];
    return pace === undefined ? wallMs : pace.policy + (wallMs - pace.wall) * pace.scale;
  }

  async save(): Promise<void> {
    if (this.#file) await writeFile(this.#file, `${JSON.stringify({ now: policyNow(this.#env) })}\n`, 'utf8');
  }

  #set(policyStart: number, scale: number): void {
    const wall = Date.now();
    this.#paces.push({ wall, policy: policyStart, scale });
    Object.assign(this.#env, {
      WINBACK_CLOCK_EPOCH: String(wall),
      WINBACK_CLOCK_START: String(policyStart),
      WINBACK_TIME_SCALE: String(scale),
    });
  }
}
