import { WEEKDAYS, type BusinessHours } from './codecs.js';

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Weekday and minute of day of `instant` on the wall clock of `timeZone`. */
export const wallClock = (instant: Date, timeZone: string): { weekday: (typeof WEEKDAYS)[number]; minute: number } => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = get('weekday').toLowerCase() as (typeof WEEKDAYS)[number];
  return { weekday, minute: Number(get('hour')) * 60 + Number(get('minute')) };
};

/**
 * Whether the shop is open at `instant`. No hours configured means always open;
 * a day missing from the hours means closed that day. An `end` before `start`
 * is read as a shift past midnight.
 */
export const isWithinBusinessHours = (hours: BusinessHours | null, instant: Date): boolean => {
  if (!hours) return true;
  const days = WEEKDAYS.filter((d) => hours[d] !== undefined);
  if (days.length === 0) return true;
  const { weekday, minute } = wallClock(instant, hours.timezone ?? 'UTC');
  const today = hours[weekday];
  if (today) {
    const start = minutesOf(today.start);
    const end = minutesOf(today.end);
    if (start <= end ? minute >= start && minute < end : minute >= start) return true;
  }
  const yesterday = hours[WEEKDAYS[(WEEKDAYS.indexOf(weekday) + 6) % 7] ?? 'sunday'];
  if (yesterday) {
    const start = minutesOf(yesterday.start);
    const end = minutesOf(yesterday.end);
    if (end < start && minute < end) return true;
  }
  return false;
};
