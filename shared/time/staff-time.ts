import { TZDate } from '@date-fns/tz';

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface StaffWords {
  zh: string;
  en: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The wall-clock parts of an instant in the policy's zone. A deadline at local midnight is read
 * as 24:00 of the day before: "12月4日（周五）24:00前" is what a store writes, while "12月5日 00:00前"
 * is read by many as "some time on the 5th", a day late.
 */
function zonedParts(instantMs: number, timeZone: string, midnightAsEndOfDay: boolean) {
  const local = new TZDate(instantMs, timeZone);
  const atMidnight = local.getHours() === 0 && local.getMinutes() === 0 && local.getSeconds() === 0;
  const day = midnightAsEndOfDay && atMidnight ? new TZDate(instantMs - 12 * 3_600_000, timeZone) : local;
  return {
    year: day.getFullYear(),
    month: day.getMonth(),
    date: day.getDate(),
    weekday: day.getDay(),
    time: midnightAsEndOfDay && atMidnight ? '24:00' : `${pad2(local.getHours())}:${pad2(local.getMinutes())}`,
  };
}

/** A moment as staff read it, in the policy's zone: "2026年12月4日（周五）09:30" / "Fri 4 Dec 2026, 09:30". */
export function momentInWords(instant: string | number, timeZone: string): StaffWords {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) return { zh: String(instant), en: String(instant) };
  const p = zonedParts(ms, timeZone, false);
  return {
    zh: `${p.year}年${p.month + 1}月${p.date}日（${WEEKDAY_ZH[p.weekday]}）${p.time}`,
    en: `${WEEKDAY_EN[p.weekday]} ${p.date} ${MONTH_EN[p.month]} ${p.year}, ${p.time}`,
  };
}

/**
 * A deadline as staff read it, in the policy's zone and in words:
 * "2026年12月4日（周五）24:00前" / "by Fri 4 Dec 2026, 24:00". An unreadable value is shown as given,
 * never dropped: a deadline nobody can see is worse than one in ISO.
 */
export function deadlineInWords(instant: string | number, timeZone: string): StaffWords {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) return { zh: String(instant), en: String(instant) };
  const p = zonedParts(ms, timeZone, true);
  return {
    zh: `${p.year}年${p.month + 1}月${p.date}日（${WEEKDAY_ZH[p.weekday]}）${p.time}前`,
    en: `by ${WEEKDAY_EN[p.weekday]} ${p.date} ${MONTH_EN[p.month]} ${p.year}, ${p.time}`,
  };
}

/** Chinese first, English beside it. */
export const bilingual = (words: StaffWords): string => `${words.zh} / ${words.en}`;
