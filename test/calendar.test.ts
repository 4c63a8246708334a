/**
 * The calendar (run.startsAt, run.timeZone): date-times land at the
 * instants computed by hand, daylight saving included, and daily curves
 * and dated events follow the local clock. Every expected instant below is
 * worked out in UTC from the zone's rules (Europe/Paris: CET = UTC+1,
 * CEST = UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday
 * of October 01:00 UTC; in 2014, 30 March and 26 October).
 */
import { describe, expect, it } from 'vitest';
import { Calendar, makeCalendar } from '../src/traffic/calendar.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { RateProfile } from '../src/traffic/rate-profile.js';
import { problemsOf } from './support/run-data.js';

const H = 3600;

function calendar(startsAt: string, timeZone?: string): Calendar {
  const c = makeCalendar(startsAt, timeZone);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

/** A one-tier scenario at a constant 100/s for `duration`, with `extra` merged into the top level and `traffic`. */
function data(run: Record<string, unknown>, traffic: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'calendar',
    run: { duration: '3d', ...run },
    sites: { A: {} },
    traffic: {
      classes: { page: { share: 1, path: ['web'] } },
      phases: [{ phase: 'constant', rate: '100/s', duration: '3d' }],
      ...traffic,
    },
    tiers: { web: { servers: [{ name: 'w', site: 'A', slots: 1000 }], serviceTime: { dist: 'constant', value: '1ms' } } },
    ...extra,
  };
}

function profileOf(d: unknown): RateProfile {
  return new RateProfile(resolveScenarioData(d, 't.json').scenario.ratePoints);
}

describe('calendar instants', () => {
  it('reads fixed offsets and IANA zones, daylight saving included', () => {
    const fixed = calendar('2014-06-12T00:00+02:00');
    expect(fixed.startEpochMs).toBe(Date.UTC(2014, 5, 11, 22, 0));
    expect(fixed.secondsOf('2014-06-12T22:00')).toBe(22 * H); // local to the +02:00 offset
    expect(fixed.secondsOf('2014-06-12T22:00Z')).toBe(24 * H);

    const paris = calendar('2014-10-25T00:00', 'Europe/Paris'); // CEST: 2014-10-24T22:00Z
    expect(paris.startEpochMs).toBe(Date.UTC(2014, 9, 24, 22, 0));
    // 02:30 on 26 October occurs twice (clocks go back at 03:00 CEST): the first, 00:30Z, 26.5 h after the start.
    expect(paris.secondsOf('2014-10-26T02:30')).toBe(26.5 * H);
    // Noon that day is CET: 11:00Z, 37 h after the start (a 25-hour local day).
    expect(paris.secondsOf('2014-10-26T12:00')).toBe(37 * H);
    expect(paris.offsetChanges(3 * 86400)).toEqual([27 * H]); // 01:00Z on the 26th
    expect(paris.localAt(37 * H)).toEqual({ secondOfDay: 12 * H, weekday: 6 }); // a Sunday
    expect(paris.isoAt(37 * H)).toBe('2014-10-26T12:00:00+01:00');

    const spring = calendar('2014-03-29T00:00', 'Europe/Paris'); // CET: 2014-03-28T23:00Z
    // 02:30 on 30 March does not exist (02:00 CET → 03:00 CEST): moved forward to 03:30 CEST = 01:30Z.
    expect(spring.secondsOf('2014-03-30T02:30')).toBe(26.5 * H);
    expect(spring.secondsOf('2014-03-30T12:00')).toBe(35 * H); // 10:00Z, 35 h after 23:00Z on the 28th
  });

  it('reports bad calendars as problems with exit-2 messages', () => {
    expect(makeCalendar('2014-06-12T00:00', undefined)).toMatch(/no offset/);
    expect(makeCalendar('2014-06-12T00:00', 'Europe/Pariss')).toMatch(/unknown time zone/);
    expect(makeCalendar('2014-02-30T00:00Z', undefined)).toMatch(/not a real date/);
    expect(makeCalendar('2014-06-12T00:00+01:00', 'Europe/Paris')).toMatch(/Europe\/Paris is at 2 h/);
    expect(problemsOf(data({ startsAt: '2014-06-12T00:00', timeZone: 'Mars/Olympus' })).join('\n')).toMatch(/run\.timeZone.*unknown time zone/);
  });
});

describe('dated events', () => {
  const event = { at: '2014-10-26T02:30', factor: 3, rise: '20s', hold: '10min', decay: '10min' };
  it('multiply the rate from the instant computed by hand, across the DST change', () => {
    const p = profileOf(data({ startsAt: '2014-10-25T00:00', timeZone: 'Europe/Paris' }, { events: [event] }));
    const t0 = 26.5 * H; // see above: the first 02:30, 00:30Z
    expect(p.rateAt(t0 - 1)).toBeCloseTo(100, 9);
    expect(p.rateAt(t0 + 10)).toBeCloseTo(200, 9); // half-way up the 20 s rise: ×2
    expect(p.rateAt(t0 + 20 + 300)).toBeCloseTo(300, 9);
    expect(p.rateAt(t0 + 20 + 600 + 300)).toBeCloseTo(200, 9); // half-way down
    expect(p.rateAt(t0 + 20 + 1200 + 1)).toBeCloseTo(100, 9);
    // Area: 100/s × (2 × (10 s + 300 s) + 1200 s) extra arrivals = 182,000 more than flat.
    expect(p.expectedArrivals(0, 3 * 86400) - 100 * 3 * 86400).toBeCloseTo(100 * 2 * (10 + 600 + 300), 6);
  });

  it('repeat one shape over a list of instants, `after` each, and add where they overlap', () => {
    const p = profileOf(
      data({ startsAt: '2014-06-12T00:00+02:00' }, { events: [{ at: ['2014-06-12T22:00', '2014-06-13T18:00'], after: '1h52min', factor: 3, rise: '20s', hold: '1h' }, { at: '2014-06-13T19:52', factor: 2, hold: '1h' }] }),
    );
    const whistle1 = 22 * H + 112 * 60;
    expect(p.rateAt(whistle1 + 100)).toBeCloseTo(300, 9);
    const whistle2 = 42 * H + 112 * 60; // 13 June 18:00 + 1h52
    expect(p.rateAt(whistle2 + 100)).toBeCloseTo(100 * (1 + 2 + 1), 9); // ×3 and ×2 overlap: 1 + (3−1) + (2−1)
    expect(p.rateAt(whistle2 + 2 * H)).toBeCloseTo(100, 9);
  });

  it('need a calendar; incidents at date-times must lie in the run', () => {
    expect(problemsOf(data({}, { events: [event] })).join('\n')).toMatch(/traffic\.events\[0\]\.at.*needs a calendar, and run\.startsAt is not set/);
    const incident = (at: string) => ({ incidents: [{ at, server: 'web/w', for: '1h' }] });
    expect(problemsOf(data({}, {}, incident('2014-06-12T10:00'))).join('\n')).toMatch(/incidents\[0\]\.at.*needs a calendar/);
    expect(problemsOf(data({ startsAt: '2014-06-12T00:00+02:00' }, {}, incident('2014-07-12T10:00'))).join('\n')).toMatch(/outside the run \(2014-06-12T00:00:00\+02:00 to 2014-06-15T00:00:00\+02:00\)/);
    const ok = resolveScenarioData(data({ startsAt: '2014-10-25T00:00', timeZone: 'Europe/Paris' }, {}, incident('2014-10-26T12:00')), 't.json').scenario;
    expect(ok.incidents[0]!.atSeconds).toBe(37 * H);
    // A time of day ("21:47") counts from startsAt's local time when run.startsAt is set: 20:00 + 1 h 47 min.
    const clock = resolveScenarioData(data({ startsAt: '2014-06-12T20:00+02:00' }, {}, incident('21:47')), 't.json').scenario;
    expect(clock.incidents[0]!.atSeconds).toBe(H + 47 * 60);
  });
});

describe('scheduled scaling and backups at date-times', () => {
  const scaled = (run: Record<string, unknown>) => {
    const d = data(run);
    (d.tiers as { web: Record<string, unknown> }).web.autoscaling = {
      group: 'w',
      max: 2,
      provisioning: { dist: 'constant', value: '1min' },
      scheduled: [{ at: '2014-10-26T12:00', desired: 2 }],
    };
    return d;
  };
  it('places a scheduled action at its date, daylight saving included', () => {
    const s = resolveScenarioData(scaled({ startsAt: '2014-10-25T00:00', timeZone: 'Europe/Paris' }), 't.json').scenario;
    expect(s.tiers[0]!.autoscaling!.scheduled[0]!.atSeconds).toBe(37 * H);
    expect(problemsOf(scaled({})).join('\n')).toMatch(/autoscaling\.scheduled\[0\]\.at.*needs a calendar/);
  });
  it('refuses a backup offset at a date-time without a calendar', () => {
    const d = data({});
    (d.tiers as { web: Record<string, unknown> }).web.backups = { schedules: [{ kind: 'full', every: '1d', offset: '2014-06-12T03:00' }], dataSize: '1GB', restoreThroughput: '1Gbps' };
    expect(problemsOf(d).join('\n')).toMatch(/backups\.schedules\[0\]\.offset.*needs a calendar/);
  });
});

describe('daily curves on the calendar', () => {
  // A curve that peaks at local noon (×2) and is ×1 at midnight.
  const daily = { anchors: [['00:00', 1], ['12:00', 2]] };
  it('follow local time across the DST change', () => {
    const p = profileOf(data({ startsAt: '2014-10-25T00:00', timeZone: 'Europe/Paris' }, { daily }));
    expect(p.rateAt(12 * H)).toBeCloseTo(200, 6); // 25 Oct noon CEST
    expect(p.rateAt(37 * H)).toBeCloseTo(200, 6); // 26 Oct noon CET, 25 h later
    expect(p.rateAt(36 * H)).toBeCloseTo(100 * (1 + 11 / 12), 6); // 11:00 CET
    expect(p.rateAt(49 * H)).toBeCloseTo(100, 6); // local midnight of the 27th, 23:00Z
  });

  it('take the shape of a weekday where one is given (weekend evenings)', () => {
    // 2014-06-13 is a Friday, the 14th a Saturday.
    const days = { saturday: { anchors: [['00:00', 1], ['21:00', 4]] } };
    const p = profileOf(data({ startsAt: '2014-06-13T00:00+02:00' }, { daily: { ...daily, days } }));
    expect(p.rateAt(12 * H)).toBeCloseTo(200, 6); // Friday noon: the common shape
    expect(p.rateAt(24 * H + 21 * H)).toBeCloseTo(400, 6); // Saturday 21:00
    expect(p.rateAt(24 * H + 12 * H)).toBeCloseTo(100 * (1 + (3 * 12) / 21), 6);
    expect(p.rateAt(48 * H + 12 * H)).toBeCloseTo(200, 6); // Sunday noon
  });
});
