import { Cron } from 'croner';
import type { SynthesizedSchedule } from './synthesized-stack.ts';

/** EventBridge Scheduler's cron(min hour day-of-month month day-of-week year) as a five-field cron. */
export function cronPattern(expression: string): string {
  const fields = /^cron\((.+)\)$/.exec(expression.trim())?.[1]?.split(/\s+/);
  if (fields?.length !== 6) throw new Error(`not an EventBridge cron expression: ${expression}`);
  const [minute, hour, day, month, weekDay] = fields.map((field) => field.replace('?', '*')) as [
    string,
    string,
    string,
    string,
    string,
  ];
  // EventBridge counts weekdays 1-7 from Sunday; five-field cron counts 0-6 from Sunday.
  const weekDays = weekDay.replace(/\d/g, (digit) => String((Number(digit) + 6) % 7));
  return `${minute} ${hour} ${day} ${month} ${weekDays}`;
}

export interface ScheduleRunner {
  stop(): void;
}

/**
 * Runs the stack's schedules on the local policy clock: each fires when policy time passes its next
 * occurrence in its time zone, with the target input EventBridge Scheduler would send (the
 * scheduled time filled in). Checked every `tickMs` of real time, so a sped-up clock fires them in
 * order without skipping any.
 */
export function runSchedules(
  schedules: readonly SynthesizedSchedule[],
  options: {
    now: () => number;
    fire: (schedule: SynthesizedSchedule, input: string, scheduledTime: Date) => Promise<void>;
    onError: (error: Error) => void;
    tickMs?: number;
  },
): ScheduleRunner {
  const crons = schedules.map((schedule) => ({
    schedule,
    cron: new Cron(cronPattern(schedule.expression), { timezone: schedule.timeZone, paused: true }),
  }));
  let checkedUntil = options.now();
  let busy = false;
  // A firing under way when the stack stops fails against servers already gone: nothing to report.
  let stopped = false;
  const onError = (error: Error) => (stopped ? undefined : options.onError(error));
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const now = options.now();
      const due = crons
        .flatMap(({ schedule, cron }) => {
          const times: Date[] = [];
          for (
            let next = cron.nextRun(new Date(checkedUntil));
            next !== null && next.getTime() <= now && times.length < 100;
            next = cron.nextRun(next)
          )
            times.push(next);
          return times.map((time) => ({ schedule, time }));
        })
        .sort((a, b) => a.time.getTime() - b.time.getTime());
      checkedUntil = now;
      for (const { schedule, time } of due) {
        const scheduledTime = time.toISOString().replace('.000Z', 'Z');
        if (stopped) return;
        await options
          .fire(schedule, schedule.input.replaceAll('<aws.scheduler.scheduled-time>', scheduledTime), time)
          .catch(onError);
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.tickMs ?? 1000);
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
