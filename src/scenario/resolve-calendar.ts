/**
 * Resolution of the run's calendar (`run.startsAt`, `run.timeZone`) and of
 * date-times written where a time since the start is accepted (incidents,
 * scheduled scaling, backup offsets, traffic events).
 */
import { Calendar, isDateTime, makeCalendar } from '../traffic/calendar.js';
import type { Collector, Path } from './collector.js';
import type { ScenarioParsed } from './schema.js';
import { WEEKDAYS } from './weekdays.js';

interface CalendarOfRun {
  calendar: Calendar | undefined;
  durationSeconds: number;
}

/** The calendar of each resolution, by its collector (so the resolvers of incidents, scaling and backups need no new parameter). */
const calendars = new WeakMap<Collector, CalendarOfRun>();

/** The run's calendar, or undefined without `run.startsAt` (after reporting a bad one). */
export function resolveRunCalendar(c: Collector, run: ScenarioParsed['run'], durationSeconds: number): Calendar | undefined {
  let calendar: Calendar | undefined;
  if (run.startsAt !== undefined) {
    const made = makeCalendar(run.startsAt, run.timeZone);
    if (typeof made === 'string') c.error(['run', made.startsWith('unknown time zone') ? 'timeZone' : 'startsAt'], made, 'e.g. "startsAt": "2014-06-12T00:00", "timeZone": "Europe/Paris"');
    else calendar = made;
  } else if (run.timeZone !== undefined) {
    c.error(['run', 'timeZone'], 'a time zone needs run.startsAt', 'add "startsAt": "2014-06-12T00:00"');
  }
  calendars.set(c, { calendar, durationSeconds });
  return calendar;
}

/** The calendar of the resolution `c` (set by resolveRunCalendar). */
export function calendarOf(c: Collector): Calendar | undefined {
  return calendars.get(c)?.calendar;
}

/**
 * Seconds since the start of a date-time `text` on the run's calendar;
 * NaN after an error when there is no calendar, the date is not real, or it
 * lies outside the run (when `inRun`).
 */
export function dateTimeSeconds(c: Collector, path: Path, text: string, inRun = true): number {
  const run = calendars.get(c);
  if (run?.calendar === undefined) {
    c.error(path, `the date-time ${JSON.stringify(text)} needs a calendar, and run.startsAt is not set`, 'add "startsAt": "2014-06-12T00:00+02:00" to "run", or give a time since the start such as "2h"');
    return NaN;
  }
  const s = run.calendar.secondsOf(text);
  if (s === undefined) {
    c.error(path, `${JSON.stringify(text)} is not a real date and time`);
    return NaN;
  }
  if (inRun && !(s >= 0 && s <= run.durationSeconds)) {
    c.error(path, `${JSON.stringify(text)} is outside the run (${run.calendar.isoAt(0)} to ${run.calendar.isoAt(run.durationSeconds)})`, 'move it into the run, or change run.startsAt or run.duration');
    return NaN;
  }
  return s;
}

/** A time since the start ("2h") or a date-time on the calendar, in seconds. */
export function instantSeconds(c: Collector, path: Path, v: string): number {
  return isDateTime(v) ? dateTimeSeconds(c, path, v) : c.seconds(path, v);
}

/** The calendar start as traffic.daily's startsAt/startDay (for clock-time incidents), or `fallback` without a calendar. */
export function clockStartOf(calendar: Calendar | undefined, fallback: { startsAt: string; startDay: (typeof WEEKDAYS)[number] }): typeof fallback {
  if (calendar === undefined) return fallback;
  const { secondOfDay, weekday } = calendar.localAt(0);
  const minutes = Math.floor(secondOfDay / 60);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { startsAt: hhmm, startDay: WEEKDAYS[weekday]! };
}
