import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessHoursStatus, isWithinBusinessHours } from '../../../src/domain/business-hours.js';
import { WEEKDAYS, type BusinessHours } from '../../../src/domain/codecs.js';

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

describe('businessHoursStatus', () => {
  const nineToSix = { start: '09:00', end: '18:00' };
  const moscowWeek: BusinessHours = {
    timezone: 'Europe/Moscow',
    ...Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, nineToSix])),
  };
  const at = (iso: string) => businessHoursStatus(moscowWeek, new Date(iso));

  it('says nothing about people without hours, and counts that as within them', () => {
    expect(businessHoursStatus(null, new Date('2025-01-05T09:00:00Z'))).toEqual({
      hasHours: false,
      withinHours: true,
      opensAt: null,
      closesAt: null,
      timeZone: 'UTC',
    });
    expect(businessHoursStatus({ timezone: 'Europe/Moscow' }, new Date()).hasHours).toBe(false);
  });

  it('gives the end of the current period within the hours', () => {
    // Monday 12:00 in Moscow
    expect(at('2025-01-06T09:00:00Z')).toEqual({
      hasHours: true,
      withinHours: true,
      opensAt: null,
      closesAt: new Date('2025-01-06T15:00:00Z'),
      timeZone: 'Europe/Moscow',
    });
  });

  it('gives the next opening outside the hours: later today, tomorrow, or after the weekend', () => {
    expect(at('2025-01-06T04:00:00Z').opensAt).toEqual(new Date('2025-01-06T06:00:00Z')); // Monday 07:00
    expect(at('2025-01-06T16:00:00Z').opensAt).toEqual(new Date('2025-01-07T06:00:00Z')); // Monday 19:00
    expect(at('2025-01-10T15:00:00Z').opensAt).toEqual(new Date('2025-01-13T06:00:00Z')); // Friday 18:00 sharp
    const sunday = at('2025-01-05T09:00:00Z');
    expect(sunday).toMatchObject({ withinHours: false, closesAt: null });
    expect(sunday.opensAt).toEqual(new Date('2025-01-06T06:00:00Z'));
  });

  it('ends a shift past midnight on the next day, and joins periods that meet', () => {
    // Saturday 22:00 to 02:00 UTC, seen on Sunday 01:30
    expect(businessHoursStatus(weekdays, new Date('2025-12-28T01:30:00Z')).closesAt).toEqual(
      new Date('2025-12-28T02:00:00Z'),
    );
    const joined = { monday: { start: '09:00', end: '24:00' }, tuesday: { start: '00:00', end: '18:00' } };
    expect(businessHoursStatus(joined, new Date('2025-12-29T20:00:00Z')).closesAt).toEqual(
      new Date('2025-12-30T18:00:00Z'),
    );
    const allWeek = Object.fromEntries(WEEKDAYS.map((d) => [d, { start: '00:00', end: '24:00' }]));
    expect(businessHoursStatus(allWeek, new Date('2025-12-29T20:00:00Z'))).toMatchObject({
      withinHours: true,
      closesAt: null,
    });
  });

  it('follows a daylight saving change between now and the opening', () => {
    const berlin = { timezone: 'Europe/Berlin', monday: { start: '09:00', end: '18:00' } };
    // Saturday 21:00 CET; clocks go forward on Sunday 30 March; Monday 09:00 is CEST (UTC+2)
    expect(businessHoursStatus(berlin, new Date('2025-03-29T20:00:00Z')).opensAt).toEqual(
      new Date('2025-03-31T07:00:00Z'),
    );
    // and back in October: Monday 27 October 09:00 is CET (UTC+1)
    expect(businessHoursStatus(berlin, new Date('2025-10-25T20:00:00Z')).opensAt).toEqual(
      new Date('2025-10-27T08:00:00Z'),
    );
  });

  it('agrees with isWithinBusinessHours at every boundary it reports (generated schedules)', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const schedule = fc.record(
      {
        timezone: fc.constantFrom('UTC', 'Europe/Moscow', 'Asia/Kolkata', 'Asia/Tokyo'),
        ...Object.fromEntries(WEEKDAYS.map((d) => [d, fc.record({ start: time, end: time })])),
      },
      { requiredKeys: ['timezone'] },
    ) as fc.Arbitrary<BusinessHours>;
    const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z') });
    const minute = 60_000;
    fc.assert(
      fc.property(schedule, instant, (hours, now) => {
        const status = businessHoursStatus(hours, now);
        expect(status.withinHours).toBe(isWithinBusinessHours(hours, now));
        const change = status.withinHours ? status.closesAt : status.opensAt;
        if (!status.hasHours || change === null) {
          // only an always-open week never closes; a week with any period opens within 7 days
          const anyPeriod = WEEKDAYS.some((d) => hours[d] && hours[d].start !== hours[d].end);
          expect(status.withinHours || !anyPeriod).toBe(true);
          return;
        }
        expect(isWithinBusinessHours(hours, change)).toBe(!status.withinHours);
        expect(isWithinBusinessHours(hours, new Date(change.getTime() - minute))).toBe(status.withinHours);
        // nothing changes before it: sampled every quarter of an hour (all the generated times are on one)
        for (let t = now.getTime() + minute; t < change.getTime(); t += 15 * minute) {
          expect(isWithinBusinessHours(hours, new Date(t))).toBe(status.withinHours);
        }
      }),
      { numRuns: 60, seed: 20250106 },
    );
  });
});
