/**
 * The run's calendar: simulated t = 0 is a real instant (`run.startsAt`),
 * and local times are read in a time zone — a fixed offset ("+02:00") or
 * an IANA zone ("Europe/Paris", through Node's Intl, daylight saving
 * included).
 *
 * Date-times are written "YYYY-MM-DDTHH:MM[:SS]" with an optional offset
 * ("Z", "+02:00"). Without an offset they are local times in the
 * calendar's zone. A local time that occurs twice (the hour repeated when
 * clocks go back) is its first occurrence; one that does not exist (the
 * hour skipped when clocks go forward) is moved forward by the length of
 * the gap (02:30 on a spring-forward night in Paris is 03:30 CEST), as
 * Temporal's "compatible" disambiguation does.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:\d{2})?$/;

/** Whether `text` looks like a date-time "2014-06-12T22:00" (with or without offset). */
export function isDateTime(text: string): boolean {
  return DATE_TIME.test(text.trim());
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the IANA zone `timeZone`. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** A zone: a fixed offset from UTC [min], or an IANA name. */
export type Zone = { offsetMinutes: number } | { iana: string };

/** The zone's offset from UTC [ms] at the instant `epochMs` (local = UTC + offset). */
export function offsetMsAt(zone: Zone, epochMs: number): number {
  if ('offsetMinutes' in zone) return zone.offsetMinutes * 60_000;
  const whole = Math.floor(epochMs / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of formatterOf(zone.iana).formatToParts(new Date(whole))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return asUtc - whole;
}

/** The instant [epoch ms] of a local wall-clock time (given as if it were UTC ms) in `zone`; see the file comment for repeated and skipped times. */
export function localToEpochMs(zone: Zone, localMs: number): number {
  const before = offsetMsAt(zone, localMs - 86_400_000);
  const after = offsetMsAt(zone, localMs + 86_400_000);
  const valid = [localMs - before, localMs - after].filter((e) => e + offsetMsAt(zone, e) === localMs);
  if (valid.length > 0) return Math.min(...valid);
  return localMs - before; // in a gap: the offset before it moves the time forward by the gap
}

export class Calendar {
  /** The instant of t = 0 [epoch ms]. */
  readonly startEpochMs: number;

  constructor(
    readonly zone: Zone,
    startEpochMs: number,
  ) {
    this.startEpochMs = startEpochMs;
  }

  /** Epoch ms of a date-time string; undefined if it is not one (or not a real date). */
  epochMsOf(text: string): number | undefined {
    const m = DATE_TIME.exec(text.trim());
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
    const localMs = Date.UTC(y, mo - 1, d, h, mi, s);
    const check = new Date(localMs);
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
    const off = m[7];
    if (off === undefined) return localToEpochMs(this.zone, localMs);
    return localMs - parseOffsetMinutes(off) * 60_000;
  }

  /** Simulated seconds of a date-time string (negative before the start); undefined if it is not one. */
  secondsOf(text: string): number | undefined {
    const e = this.epochMsOf(text);
    return e === undefined ? undefined : (e - this.startEpochMs) / 1000;
  }

  /** Local time at simulated t [s]: the second of the local day [0, 86400) and the weekday (0 = Monday). */
  localAt(t: number): { secondOfDay: number; weekday: number } {
    const epoch = this.startEpochMs + t * 1000;
    const local = epoch + offsetMsAt(this.zone, epoch);
    const dayMs = 86_400_000;
    const day = Math.floor(local / dayMs);
    // 1970-01-01 was a Thursday (3 counting from Monday).
    return { secondOfDay: (local - day * dayMs) / 1000, weekday: (((day + 3) % 7) + 7) % 7 };
  }

  /** ISO text of the instant at simulated t, in local time with its offset: "2014-06-12T22:00:00+02:00". */
  isoAt(t: number): string {
    const epoch = Math.round(this.startEpochMs + t * 1000);
    const offMs = offsetMsAt(this.zone, epoch);
    const local = new Date(epoch + offMs).toISOString().slice(0, 19);
    const offMin = Math.round(offMs / 60_000);
    const sign = offMin < 0 ? '-' : '+';
    const a = Math.abs(offMin);
    return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  }

  /**
   * The instants in (0, horizon) [s] where the zone's offset changes
   * (daylight saving), found by probing every hour and bisecting to the
   * second: zones change offset at most a few times a year, and never twice
   * within an hour.
   */
  offsetChanges(horizonSeconds: number): number[] {
    if ('offsetMinutes' in this.zone) return [];
    const out: number[] = [];
    const off = (t: number): number => offsetMsAt(this.zone, this.startEpochMs + t * 1000);
    for (let a = 0; a < horizonSeconds; a += 3600) {
      const b = Math.min(a + 3600, horizonSeconds);
      if (off(a) === off(b)) continue;
      let lo = a;
      let hi = b;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (off(mid) === off(a)) lo = mid;
        else hi = mid;
      }
      out.push(hi);
    }
    return out;
  }
}

function parseOffsetMinutes(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const [h, m] = text.slice(1).split(':').map(Number);
  return sign * (h! * 60 + m!);
}

/**
 * The calendar of `startsAt` ("2014-06-12T00:00+02:00", or without offset
 * with an IANA `timeZone`), or a message saying what is wrong.
 */
export function makeCalendar(startsAt: string, timeZone: string | undefined): Calendar | string {
  const m = DATE_TIME.exec(startsAt.trim());
  if (!m) return `expected a date and time such as "2014-06-12T00:00+02:00", got ${JSON.stringify(startsAt)}`;
  if (timeZone !== undefined && !isTimeZone(timeZone)) return `unknown time zone ${JSON.stringify(timeZone)} (expected an IANA zone such as "Europe/Paris")`;
  const off = m[7];
  if (off === undefined && timeZone === undefined) return `${JSON.stringify(startsAt)} has no offset and run.timeZone is not set`;
  const zone: Zone = timeZone !== undefined ? { iana: timeZone } : { offsetMinutes: parseOffsetMinutes(off!) };
  const probe = new Calendar(zone, 0);
  const start = probe.epochMsOf(startsAt);
  if (start === undefined) return `${JSON.stringify(startsAt)} is not a real date`;
  if (off !== undefined && timeZone !== undefined) {
    const zoneOffset = offsetMsAt(zone, start) / 60_000;
    if (zoneOffset !== parseOffsetMinutes(off)) return `${JSON.stringify(startsAt)} says offset ${off}, but ${timeZone} is at ${zoneOffset / 60} h from UTC then`;
  }
  return new Calendar(zone, start);
}
