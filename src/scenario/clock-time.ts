/**
 * Times of day for scheduled incidents: operators say "the RBX master dies
 * at 21:47" or "on friday at 18:00", not "at 78,420 s". A clock time is
 * placed on the scenario's calendar — the run starts at
 * `traffic.daily.startsAt` on `traffic.daily.startDay` (00:00 on a monday
 * without a daily curve) — at its first occurrence at or after the start.
 */
import { WEEKDAYS } from './weekdays.js';

const CLOCK = new RegExp(`^\\s*(?:(${WEEKDAYS.join('|')})\\s+)?([01]?[0-9]|2[0-3]):([0-5][0-9])\\s*$`, 'i');

/** Whether `text` is a clock time: "21:47" or "friday 21:47". */
export function isClockTime(text: string): boolean {
  return CLOCK.test(text);
}

/**
 * Seconds from the start of the run to the first `text` ("21:47", "friday
 * 21:47") at or after it, the run starting at `startsAt` ("HH:MM") on
 * `startDay`.
 */
export function clockTimeSeconds(text: string, startsAt: string, startDay: (typeof WEEKDAYS)[number]): number {
  const m = CLOCK.exec(text);
  if (!m) throw new RangeError(`not a clock time: ${text}`);
  const [sh, sm] = startsAt.split(':').map(Number);
  const start = WEEKDAYS.indexOf(startDay) * 86400 + sh! * 3600 + sm! * 60;
  const tod = Number(m[2]) * 3600 + Number(m[3]) * 60;
  if (m[1] === undefined) return (((tod - (start % 86400)) % 86400) + 86400) % 86400;
  const at = WEEKDAYS.indexOf(m[1].toLowerCase() as (typeof WEEKDAYS)[number]) * 86400 + tod;
  const week = 7 * 86400;
  return (((at - start) % week) + week) % week;
}
