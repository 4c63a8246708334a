/**
 * A daily curve on the run's calendar (run.startsAt: local time of day,
 * weekday and daylight saving from the zone), or with a shape per weekday
 * (`daily.days`); see traffic/calendar-curves.ts. Without either, the
 * curve is compiled by resolve-traffic.ts's applyDaily as before.
 */
import type { Calendar } from '../traffic/calendar.js';
import { calendarNightlyPoints, calendarShapePoints, type CalendarCurveOptions, type DayShape } from '../traffic/calendar-curves.js';
import { addPoints, multiplyPoints } from '../traffic/periodic-curves.js';
import type { Collector, Path } from './collector.js';
import type { TrafficSpec } from './schema.js';
import { WEEKDAYS } from './weekdays.js';

type DailySpec = NonNullable<TrafficSpec['daily']>;

function hours(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! + m! / 60;
}

function shapeOf(s: { hourly?: number[] | undefined; anchors?: Array<[string, number]> | undefined }): DayShape {
  return {
    ...(s.hourly ? { hourly: s.hourly } : {}),
    ...(s.anchors ? { anchors: s.anchors.map(([h, m]) => [hours(h), m] as const) } : {}),
  };
}

/** Local time on the calendar, or on daily.startsAt/startDay (a fixed clock) without one. */
function clockOf(d: DailySpec, calendar: Calendar | undefined, horizonSeconds: number): Pick<CalendarCurveOptions, 'localAt' | 'offsetChanges'> {
  if (calendar !== undefined) return { localAt: (t) => calendar.localAt(t), offsetChanges: calendar.offsetChanges(horizonSeconds) };
  const start = WEEKDAYS.indexOf(d.startDay) * 86_400 + hours(d.startsAt) * 3600;
  return {
    localAt: (t) => {
      const c = start + t;
      const day = Math.floor(c / 86_400);
      return { secondOfDay: c - day * 86_400, weekday: day % 7 };
    },
    offsetChanges: [],
  };
}

/** The rate points times the calendar's daily curve, plus the nightly extras; on a bad curve the points unchanged and the problem reported. */
export function applyCalendarDaily(
  c: Collector,
  d: DailySpec,
  points: Array<[number, number]>,
  horizonSeconds: number,
  calendar: Calendar | undefined,
  base: Path,
): Array<[number, number]> {
  if (d.hourly && d.anchors) c.error([...base, 'daily'], 'give "hourly" or "anchors", not both');
  for (const [day, s] of Object.entries(d.days ?? {})) if (s?.hourly && s.anchors) c.error([...base, 'daily', 'days', day], 'give "hourly" or "anchors", not both');
  try {
    const opts: CalendarCurveOptions = {
      horizonSeconds,
      ...clockOf(d, calendar, horizonSeconds),
      shape: shapeOf(d),
      shapeByWeekday: WEEKDAYS.map((w) => (d.days?.[w] ? shapeOf(d.days[w]) : undefined)),
      ...(d.weekly ? { weekly: WEEKDAYS.map((w) => d.weekly?.[w] ?? 1) } : {}),
    };
    let out = multiplyPoints(points, calendarShapePoints(opts));
    if (d.nightly && d.nightly.length > 0) {
      const windows = d.nightly.map((n, i) => ({
        startHour: hours(n.from),
        endHour: hours(n.to),
        extraRate: c.perSecond([...base, 'daily', 'nightly', i, 'extraRate'], n.extraRate),
      }));
      out = addPoints(out, calendarNightlyPoints(opts, windows));
    }
    return out;
  } catch (e) {
    c.error([...base, 'daily'], e instanceof Error ? e.message : String(e));
    return points;
  }
}
