/** `run.window` and the calendar of the summary's `series` (see scenario/windows.ts). */
import { isClockTime } from './clock-time.js';
import type { Calendar } from '../traffic/calendar.js';
import { WEEKDAYS } from './weekdays.js';
import type { Collector } from './collector.js';
import type { ResolvedScenario } from './resolved.js';
import type { ScenarioParsed } from './schema.js';
import { formatDuration } from './units.js';
import { MAX_WINDOWS, WINDOW_LADDER, windowCount } from './windows.js';

/** The explicit window [s], checked against the cap; undefined for the default. */
export function resolveWindow(c: Collector, run: ScenarioParsed['run'], measuredSeconds: number): number | undefined {
  if (run.window === undefined) return undefined;
  const seconds = c.seconds(['run', 'window'], run.window);
  if (!Number.isFinite(seconds)) return undefined;
  if (!(seconds > 0)) {
    c.error(['run', 'window'], `must be longer than zero, got ${JSON.stringify(run.window)}`, 'give a length such as "1min", or remove it for the default');
    return undefined;
  }
  if (measuredSeconds > 0 && windowCount(measuredSeconds, seconds) > MAX_WINDOWS) {
    const shortest = WINDOW_LADDER.find((w) => windowCount(measuredSeconds, w) <= MAX_WINDOWS);
    c.error(
      ['run', 'window'],
      `${JSON.stringify(run.window)} cuts the measured ${formatDuration(measuredSeconds)} into ${windowCount(measuredSeconds, seconds)} windows; at most ${MAX_WINDOWS} are kept (the same goes for --window)`,
      shortest !== undefined ? `use "${formatDuration(shortest)}" or longer, or remove it for the default` : 'use a longer window, or remove it for the default',
    );
    return undefined;
  }
  return seconds;
}

/** The calendar the series' `secondOfDay` counts on: present with run.startsAt, a daily curve or a time-of-day incident. */
export function resolveCalendar(parsed: ScenarioParsed, runCalendar?: Calendar): ResolvedScenario['calendar'] {
  if (runCalendar !== undefined) {
    const { secondOfDay, weekday } = runCalendar.localAt(0);
    return { startSecondOfDay: secondOfDay, startDay: WEEKDAYS[weekday]!, startsAt: { epochMs: runCalendar.startEpochMs, zone: runCalendar.zone } };
  }
  const daily = parsed.traffic.daily;
  const clockIncident = (parsed.incidents ?? []).some((i) => isClockTime(i.at));
  if (daily === undefined && !clockIncident) return undefined;
  const [h, m] = (daily?.startsAt ?? '00:00').split(':').map(Number);
  return { startSecondOfDay: h! * 3600 + m! * 60, startDay: daily?.startDay ?? 'monday' };
}
