/**
 * Daily and weekly curves on a real calendar: each local day is compiled
 * on its own with {@link dailyCurvePoints} (its weekday's shape when one is
 * given, times its weekly multiplier), so a curve per weekday ("weekend
 * evenings") and daylight saving (a 23- or 25-hour local day) are exact:
 * the run is cut at every local midnight and every offset change, and
 * local time runs linearly within each piece.
 *
 * Size: one day's breakpoints (≤ 29, see periodic-curves.ts) per local day,
 * built once per scenario.
 */
import { dailyCurvePoints, type NightlyWindow } from './periodic-curves.js';

const DAY = 86_400;

/** A daily shape: 24 hourly multipliers or (hour, multiplier) anchors; neither: flat 1. */
export interface DayShape {
  hourly?: readonly number[];
  anchors?: ReadonlyArray<readonly [number, number]>;
}

export interface CalendarCurveOptions {
  horizonSeconds: number;
  /** Local time at simulated t [s]: second of the day and weekday (0 = Monday). */
  localAt: (t: number) => { secondOfDay: number; weekday: number };
  /** Instants in (0, horizon) where the local offset changes (daylight saving). */
  offsetChanges: readonly number[];
  /** The shape of days without one of their own. */
  shape: DayShape;
  /** A shape per weekday (Monday first), where given. */
  shapeByWeekday?: ReadonlyArray<DayShape | undefined>;
  /** 7 multipliers, Monday first (default 1). */
  weekly?: readonly number[];
}

/** The curve of multipliers (shape × weekly) over [0, horizon], on the calendar. */
export function calendarShapePoints(opts: CalendarCurveOptions): Array<[number, number]> {
  return byLocalDay(opts, (weekday, len, startHour) => {
    const shape = opts.shapeByWeekday?.[weekday] ?? opts.shape;
    return dailyCurvePoints({
      horizonSeconds: len,
      startHour,
      baseRate: opts.weekly?.[weekday] ?? 1,
      ...(shape.hourly ? { hourly: shape.hourly } : {}),
      ...(shape.anchors ? { anchors: shape.anchors } : {}),
    });
  });
}

/** The nightly extra rates [req/s] over [0, horizon], on the calendar's local days. */
export function calendarNightlyPoints(opts: CalendarCurveOptions, nightly: readonly NightlyWindow[]): Array<[number, number]> {
  return byLocalDay(opts, (_weekday, len, startHour) => dailyCurvePoints({ horizonSeconds: len, startHour, baseRate: 0, nightly }));
}

/** Concatenates `piece(weekday, length, startHour)` over the local days (and offset-change pieces) of the run. */
function byLocalDay(opts: CalendarCurveOptions, piece: (weekday: number, lengthSeconds: number, startHour: number) => Array<[number, number]>): Array<[number, number]> {
  const horizon = opts.horizonSeconds;
  const cuts = [0, ...opts.offsetChanges.filter((c) => c > 0 && c < horizon), horizon];
  const out: Array<[number, number]> = [];
  for (let s = 0; s + 1 < cuts.length; s++) {
    const b = cuts[s + 1]!;
    let t = cuts[s]!;
    let { secondOfDay, weekday } = opts.localAt(t);
    while (t < b) {
      const end = Math.min(b, t + (DAY - secondOfDay));
      for (const [x, r] of piece(weekday, end - t, secondOfDay / 3600)) out.push([t + x, r]);
      t = end;
      secondOfDay = 0;
      weekday = (weekday + 1) % 7;
    }
  }
  return out;
}
