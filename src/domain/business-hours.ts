import { WEEKDAYS, type BusinessHours, type Weekday } from './codecs.js';

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/*
 * Building an Intl.DateTimeFormat costs tens of microseconds and one request asks a few
 * dozen wall-clock questions, so each zone's formatter is built once. Zones are validated
 * IANA names, a finite set, so the cache stays small.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

interface WallClock {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
  readonly weekday: Weekday;
  readonly minute: number;
}

const wallClockParts = (instant: Date, timeZone: string): WallClock => {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: get('weekday').toLowerCase() as Weekday,
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
};

/** Weekday and minute of day of `instant` on the wall clock of `timeZone`. */
export const wallClock = (instant: Date, timeZone: string): { weekday: Weekday; minute: number } => {
  const { weekday, minute } = wallClockParts(instant, timeZone);
  return { weekday, minute };
};

/** Minutes `timeZone` is ahead of UTC at `instant`. */
const offsetMinutes = (instant: number, timeZone: string): number => {
  const c = wallClockParts(new Date(instant), timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, 0, c.minute);
  return Math.round((asUtc - (instant - (((instant % MINUTE) + MINUTE) % MINUTE))) / MINUTE);
};

/**
 * The instant when the wall clock of `timeZone` shows `minute` minutes after midnight of
 * the given day (minute may pass 1440 into the next day). The second pass settles the
 * offset on days when it changes (daylight saving time).
 */
const instantOf = (year: number, month: number, day: number, minute: number, timeZone: string): number => {
  const asUtc = Date.UTC(year, month - 1, day, 0, minute);
  const first = asUtc - offsetMinutes(asUtc, timeZone) * MINUTE;
  return asUtc - offsetMinutes(first, timeZone) * MINUTE;
};

const configuredDays = (hours: BusinessHours): ReadonlyArray<Weekday> => WEEKDAYS.filter((d) => hours[d] !== undefined);

/**
 * Whether the shop is open at `instant`. No hours configured means always open;
 * a day missing from the hours means closed that day. An `end` before `start`
 * is read as a shift past midnight.
 */
export const isWithinBusinessHours = (hours: BusinessHours | null, instant: Date): boolean => {
  if (!hours) return true;
  if (configuredDays(hours).length === 0) return true;
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

/** Where `instant` stands in a profile's business hours, and when that changes next. */
export interface BusinessHoursStatus {
  /** Whether any day has hours; without them the profile says nothing about when people work. */
  readonly hasHours: boolean;
  /** As {@link isWithinBusinessHours}: true when there are no hours. */
  readonly withinHours: boolean;
  /** Outside the hours: the next opening (within a week). Otherwise null. */
  readonly opensAt: Date | null;
  /** Within the hours: when they end (adjacent periods joined); null when they never end. */
  readonly closesAt: Date | null;
  /** The zone the hours are read on (the profile's `timezone`, UTC by default). */
  readonly timeZone: string;
}

/**
 * The start and end instants of every configured period from the day before `instant`
 * to a week after it: enough to find the next opening of any weekly schedule and the end
 * of a period that began yesterday.
 */
const periodBoundaries = (hours: BusinessHours, instant: Date, timeZone: string) => {
  const today = wallClockParts(instant, timeZone);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let offset = -1; offset <= 7; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const day = hours[WEEKDAYS[date.getUTCDay()] ?? 'sunday'];
    if (!day) continue;
    const start = minutesOf(day.start);
    const end = minutesOf(day.end);
    if (start === end) continue; // an empty period
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    starts.push(instantOf(y, m, d, start, timeZone));
    ends.push(instantOf(y, m, d, end < start ? end + DAY_MINUTES : end, timeZone));
  }
  const ascending = (a: number, b: number) => a - b;
  return { starts: starts.sort(ascending), ends: ends.sort(ascending) };
};

/**
 * Whether `instant` is within the business hours, and the next change: when they open
 * again, or when they end. Each candidate boundary is checked with
 * {@link isWithinBusinessHours}, so both answers agree with it by construction (a period
 * that runs into the next one is not an end; a time skipped by a clock change is not an
 * opening).
 */
export const businessHoursStatus = (hours: BusinessHours | null, instant: Date): BusinessHoursStatus => {
  const timeZone = hours?.timezone ?? 'UTC';
  const withinHours = isWithinBusinessHours(hours, instant);
  if (!hours || configuredDays(hours).length === 0) {
    return { hasHours: false, withinHours, opensAt: null, closesAt: null, timeZone };
  }
  const now = instant.getTime();
  const { starts, ends } = periodBoundaries(hours, instant, timeZone);
  const later = (candidates: ReadonlyArray<number>, open: boolean): Date | null => {
    const found = candidates.find((t) => t > now && isWithinBusinessHours(hours, new Date(t)) === open);
    return found === undefined ? null : new Date(found);
  };
  return {
    hasHours: true,
    withinHours,
    opensAt: withinHours ? null : later(starts, true),
    closesAt: withinHours ? later(ends, false) : null,
    timeZone,
  };
};
