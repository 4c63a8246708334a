/**
 * Resolution of the "traffic" section: phases → rate-profile breakpoints,
 * times a daily/weekly curve, plus nightly extras; burstiness; traces.
 */
import { scenarioDir } from '../io/input-file.js';
import type { BurstinessSpec } from '../traffic/burstiness.js';
import { addPoints, dailyCurvePoints, multiplyPoints } from '../traffic/periodic-curves.js';
import { loadRateTrace, TimestampTrace, TraceError } from '../traffic/trace.js';
import type { Collector, Path } from './collector.js';
import type { PhaseSpec, TrafficSpec } from './schema.js';
import { WEEKDAYS } from './schema.js';
import type { Calendar } from '../traffic/calendar.js';
import { applyCalendarDaily } from './resolve-calendar-daily.js';
import type { FileOf } from './zod-problems.js';

export interface ResolvedTraffic {
  /** Rate profile [time s, rate req/s]; undefined when arrivals come from a timestamps trace. */
  ratePoints?: Array<[number, number]>;
  burstiness?: BurstinessSpec;
  timestampTrace?: { baseDir: string; file: string };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function hours(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! + m! / 60;
}

/** Phases → rate-profile breakpoints [time s, rate req/s]. */
export function compilePhases(c: Collector, phases: PhaseSpec[], base: Path = ['traffic']): Array<[number, number]> {
  const points: Array<[number, number]> = [[0, 0]];
  let t = 0;
  let rate = 0;
  phases.forEach((p, i) => {
    const path: Path = [...base, 'phases', i];
    const needRate = (): boolean => {
      if (rate > 0) return true;
      c.error(path, `a "${p.phase}" phase needs a rate before it, but the rate is 0 here`, 'start with a "constant" or "ramp" phase');
      return false;
    };
    switch (p.phase) {
      case 'constant': {
        const r = c.perSecond([...path, 'rate'], p.rate);
        const d = c.seconds([...path, 'duration'], p.duration);
        points.push([t, r], [t + d, r]);
        t += d;
        rate = r;
        break;
      }
      case 'ramp':
      case 'decay': {
        const r = c.perSecond([...path, 'to'], p.to);
        const d = c.seconds([...path, 'duration'], p.duration);
        if (p.phase === 'decay' && r > rate) {
          c.warn([...path, 'to'], `a decay to ${p.to} rises from the current ${round(rate)}/s`, 'use "ramp" for a rise');
        }
        points.push([t + d, r]);
        t += d;
        rate = r;
        break;
      }
      case 'step': {
        const r = c.perSecond([...path, 'to'], p.to);
        points.push([t, r]);
        rate = r;
        break;
      }
      case 'spike': {
        const d = c.seconds([...path, 'duration'], p.duration);
        if (needRate()) {
          rate *= p.factor;
          points.push([t + d, rate]);
          t += d;
        }
        break;
      }
      case 'hold': {
        const d = c.seconds([...path, 'duration'], p.duration);
        if (needRate()) {
          points.push([t + d, rate]);
          t += d;
        }
        break;
      }
    }
  });
  return points;
}

/** A trace's problem as `trace.csv:12: what is wrong` (the file and line of the trace, then the detail). */
function traceProblem(c: Collector, path: Path, e: unknown): void {
  if (e instanceof TraceError) c.error(path, e.message, e.line > 0 ? 'fix or remove that line of the trace' : undefined);
  else c.error(path, e instanceof Error ? e.message : String(e));
}

/** What a full read of a timestamps trace found (kept for the pre-run work estimate). */
export interface TraceScan {
  /** Arrivals in the file. */
  arrivals: number;
  /** Arrivals at or before the end of the run. */
  arrivalsInRun: number;
}

/** The scan of each resolved timestamps trace, keyed by the object in the resolved scenario. */
const traceScans = new WeakMap<object, TraceScan>();

/** The validation scan of a resolved scenario's timestamps trace (undefined for a scenario not resolved here). */
export function traceScanOf(ref: object): TraceScan | undefined {
  return traceScans.get(ref);
}

/**
 * Reads a timestamps trace to its end, as the run will (same parser, same
 * class names), so a bad line, an unsorted time or an unknown class is
 * reported by validation as `file:line: …` instead of stopping the run.
 * Streamed: memory is the read buffer.
 */
function scanTimestampTrace(baseDir: string, file: string, classNames: readonly string[], horizonSeconds: number): TraceScan {
  const trace = new TimestampTrace(baseDir, file, { classes: classNames });
  let arrivals = 0;
  let arrivalsInRun = 0;
  try {
    for (let t = trace.next(); t !== Infinity; t = trace.next()) {
      arrivals++;
      if (t <= horizonSeconds) arrivalsInRun++;
    }
  } finally {
    trace.close();
  }
  if (arrivals === 0) throw new TraceError(file, 0, 'has no arrivals (expected one time[,class] line per arrival)');
  return { arrivals, arrivalsInRun };
}

/** The fields of an arrival process: the traffic section's, or a class's own (at `base`). */
export type ArrivalSpec = Pick<TrafficSpec, 'phases' | 'daily' | 'burstiness' | 'trace'>;

export function resolveTraffic(
  c: Collector,
  t: ArrivalSpec,
  horizonSeconds: number,
  classNames: readonly string[],
  fileOf: FileOf,
  calendar?: Calendar,
  base: Path = ['traffic'],
): ResolvedTraffic {
  const out: ResolvedTraffic = {};
  let points: Array<[number, number]> | undefined;

  if (t.trace && 'timestamps' in t.trace) {
    for (const key of ['phases', 'daily', 'burstiness'] as const) {
      if (t[key] !== undefined) c.error([...base, key], `"${key}" cannot be combined with a timestamps trace, which gives every arrival`, `remove "${key}"`);
    }
    const baseDir = scenarioDir(fileOf([...base, 'trace', 'timestamps']));
    try {
      const scan = scanTimestampTrace(baseDir, t.trace.timestamps, classNames, horizonSeconds);
      const ref = { baseDir, file: t.trace.timestamps };
      traceScans.set(ref, scan);
      out.timestampTrace = ref;
    } catch (e) {
      traceProblem(c, [...base, 'trace', 'timestamps'], e);
    }
    return out;
  }

  if (t.trace && 'rates' in t.trace) {
    if (t.phases !== undefined) c.error([...base, 'phases'], '"phases" cannot be combined with a rate trace, which gives the rate', 'remove "phases"');
    try {
      points = loadRateTrace(scenarioDir(fileOf([...base, 'trace', 'rates'])), t.trace.rates, { after: t.trace.after });
    } catch (e) {
      traceProblem(c, [...base, 'trace', 'rates'], e);
    }
  } else if (t.phases !== undefined) {
    points = compilePhases(c, t.phases, base);
  } else {
    c.error([...base, 'phases'], 'missing (expected a list of phases, or a "trace")', 'add e.g. [{ "phase": "constant", "rate": "100/s", "duration": "1h" }]');
  }

  if (t.daily && points && Number.isFinite(horizonSeconds) && horizonSeconds > 0) points = t.daily.days !== undefined || calendar !== undefined ? applyCalendarDaily(c, t.daily, points, horizonSeconds, calendar, base) : applyDaily(c, t.daily, points, horizonSeconds, base);
  const burstiness = t.burstiness ? resolveBurstiness(c, t.burstiness, base) : undefined;
  if (burstiness) out.burstiness = burstiness;
  if (points) out.ratePoints = points;
  return out;
}

type DailySpec = NonNullable<TrafficSpec['daily']>;
type BurstinessInput = NonNullable<TrafficSpec['burstiness']>;

/** The rate points times the daily (and weekly) curve, plus the nightly extra rates; on a bad curve, the points unchanged and the problem reported. */
function applyDaily(c: Collector, d: DailySpec, points: Array<[number, number]>, horizonSeconds: number, base: Path): Array<[number, number]> {
  if (d.hourly && d.anchors) c.error([...base, 'daily'], 'give "hourly" or "anchors", not both');
  try {
    const common = {
      horizonSeconds,
      startHour: hours(d.startsAt),
      startWeekday: WEEKDAYS.indexOf(d.startDay),
    };
    const shape = dailyCurvePoints({
      ...common,
      baseRate: 1,
      ...(d.hourly ? { hourly: d.hourly } : {}),
      ...(d.anchors ? { anchors: d.anchors.map(([h, m]) => [hours(h), m] as const) } : {}),
      ...(d.weekly ? { weekly: WEEKDAYS.map((w) => d.weekly?.[w] ?? 1) } : {}),
    });
    points = multiplyPoints(points, shape);
    if (d.nightly && d.nightly.length > 0) {
      const windows = d.nightly.map((n, i) => ({
        startHour: hours(n.from),
        endHour: hours(n.to),
        extraRate: c.perSecond([...base, 'daily', 'nightly', i, 'extraRate'], n.extraRate),
      }));
      points = addPoints(points, dailyCurvePoints({ ...common, baseRate: 0, nightly: windows }));
    }
  } catch (e) {
    c.error([...base, 'daily'], e instanceof Error ? e.message : String(e));
  }
  return points;
}

/** The burstiness model (on-off or Markov-modulated), or undefined after reporting the problem. */
function resolveBurstiness(c: Collector, b: BurstinessInput, base: Path): BurstinessSpec | undefined {
  if (b.kind === 'on-off') {
    const burst = c.seconds([...base, 'burstiness', 'burstDuration'], b.burstDuration);
    const every = c.seconds([...base, 'burstiness', 'every'], b.every);
    if (!(every > burst)) c.error([...base, 'burstiness', 'every'], `must be longer than burstDuration (${b.burstDuration}), got ${b.every}`);
    else return { kind: 'on-off', factor: b.factor, meanBurstDuration: burst, meanInterval: every, normalise: b.normalise };
  } else {
    const holding = b.meanHolding.map((h, i) => c.seconds([...base, 'burstiness', 'meanHolding', i], h));
    if (holding.length !== b.multipliers.length) {
      c.error([...base, 'burstiness', 'meanHolding'], `expected one mean holding time per state (${b.multipliers.length}), got ${holding.length}`);
    } else {
      return {
        kind: 'markov',
        multipliers: b.multipliers,
        meanHoldingTimes: holding,
        ...(b.transitions ? { transitions: b.transitions } : {}),
        normalise: b.normalise,
      };
    }
  }
  return undefined;
}
