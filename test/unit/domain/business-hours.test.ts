import { describe, expect, it } from 'vitest';
import { isWithinBusinessHours } from '../../../src/domain/business-hours.js';

const weekdays = {
  monday: { start: '09:00', end: '18:00' },
  friday: { start: '09:00', end: '18:00' },
  saturday: { start: '22:00', end: '02:00' },
};

describe('isWithinBusinessHours', () => {
  it('is always open without hours', () => {
    expect(isWithinBusinessHours(null, new Date('2025-12-28T03:00:00Z'))).toBe(true);
  });

  it('follows the days and hours in UTC by default', () => {
    expect(isWithinBusinessHours(weekdays, new Date('2025-12-29T09:00:00Z'))).toBe(true); // Monday 09:00
    expect(isWithinBusinessHours(weekdays, new Date('2025-12-29T17:59:00Z'))).toBe(true);
    expect(isWithinBusinessHours(weekdays, new Date('2025-12-29T18:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(weekdays, new Date('2025-12-30T12:00:00Z'))).toBe(false); // Tuesday: closed
  });

  it('reads the hours on the configured time zone', () => {
    const moscow = { ...weekdays, timezone: 'Europe/Moscow' };
    // 07:00 UTC on Monday is 10:00 in Moscow
    expect(isWithinBusinessHours(moscow, new Date('2025-12-29T07:00:00Z'))).toBe(true);
    // 16:00 UTC on Monday is 19:00 in Moscow
    expect(isWithinBusinessHours(moscow, new Date('2025-12-29T16:00:00Z'))).toBe(false);
  });

  it('handles a shift past midnight', () => {
    expect(isWithinBusinessHours(weekdays, new Date('2025-12-27T23:00:00Z'))).toBe(true); // Saturday 23:00
    expect(isWithinBusinessHours(weekdays, new Date('2025-12-28T01:30:00Z'))).toBe(true); // Sunday 01:30
    expect(isWithinBusinessHours(weekdays, new Date('2025-12-28T02:30:00Z'))).toBe(false);
  });
});
