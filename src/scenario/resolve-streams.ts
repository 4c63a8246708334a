/**
 * Resolution of the arrival processes: one shared stream whose arrivals are
 * split by `share` (the simple case, unchanged), or one stream per class
 * when a class gives its own phases or trace, or when a dated event affects
 * only some classes. Dated events (traffic.events) and growth
 * (traffic.growth) multiply the rate of the classes they apply to.
 */
import { eventMultiplierPoints, type TrafficEvent } from '../traffic/traffic-events.js';
import { growthPoints } from '../traffic/growth.js';
import { addPoints, multiplyPoints } from '../traffic/periodic-curves.js';
import { RateProfile } from '../traffic/rate-profile.js';
import type { Calendar } from '../traffic/calendar.js';
import type { Collector, Path } from './collector.js';
import { dateTimeSeconds } from './resolve-calendar.js';
import { resolveTraffic, type ResolvedTraffic } from './resolve-traffic.js';
import type { ResolvedClass, ResolvedClassStream } from './resolved.js';
import type { ScenarioParsed } from './schema.js';
import type { FileOf } from './zod-problems.js';

export interface ResolvedArrivals extends ResolvedTraffic {
  /** One stream per class (by class index), when the classes do not share one. */
  classStreams?: ResolvedClassStream[];
}

type EventSpec = NonNullable<ScenarioParsed['traffic']['events']>[number];

/** Each event of traffic.events, one per `at`, with the classes it affects (undefined: all). */
function resolveEvents(c: Collector, list: readonly EventSpec[], classNames: readonly string[]): Array<{ event: TrafficEvent; classes?: boolean[] }> {
  const out: Array<{ event: TrafficEvent; classes?: boolean[] }> = [];
  list.forEach((e, i) => {
    const path: Path = ['traffic', 'events', i];
    const after = c.seconds([...path, 'after'], e.after);
    const shape = {
      riseSeconds: c.seconds([...path, 'rise'], e.rise),
      holdSeconds: c.seconds([...path, 'hold'], e.hold),
      decaySeconds: c.seconds([...path, 'decay'], e.decay),
      factor: e.factor,
    };
    let classes: boolean[] | undefined;
    if (e.classes !== undefined) {
      classes = classNames.map(() => false);
      e.classes.forEach((name, j) => {
        if (c.reference([...path, 'classes', j], name, classNames, 'class')) classes![classNames.indexOf(name)] = true;
      });
      if (classes.every(Boolean)) classes = undefined;
    }
    const ats = Array.isArray(e.at) ? e.at : [e.at];
    ats.forEach((text, j) => {
      // Events outside the run are kept (a schedule longer than a shortened run): they simply do not reach it.
      const s = dateTimeSeconds(c, Array.isArray(e.at) ? [...path, 'at', j] : [...path, 'at'], text, false);
      if (Number.isFinite(s)) out.push({ event: { startSeconds: s + after, ...shape }, ...(classes ? { classes } : {}) });
    });
  });
  return out;
}

/** `points` times the events' multiplier and the growth trend. */
function shaped(c: Collector, points: Array<[number, number]>, events: TrafficEvent[], growth: Array<[number, number]> | undefined): Array<[number, number]> {
  let out = points;
  try {
    if (events.length > 0) out = multiplyPoints(out, eventMultiplierPoints(events));
  } catch (e) {
    c.error(['traffic', 'events'], e instanceof Error ? e.message : String(e));
  }
  if (growth) out = multiplyPoints(out, growth);
  return out;
}

export function resolveArrivals(
  c: Collector,
  parsed: ScenarioParsed,
  horizonSeconds: number,
  classes: ResolvedClass[],
  fileOf: FileOf,
  calendar: Calendar | undefined,
): ResolvedArrivals {
  const t = parsed.traffic;
  const names = Object.keys(t.classes);
  const specs = Object.values(t.classes);
  const own = specs.map((k) => k.phases !== undefined || k.trace !== undefined);
  const events = resolveEvents(c, t.events ?? [], names);
  const growth = t.growth ? growthPoints(t.growth.factor, c.seconds(['traffic', 'growth', 'per'], t.growth.per), horizonSeconds) : undefined;
  const perClass = own.some(Boolean) || events.some((e) => e.classes !== undefined);
  specs.forEach((k, i) => {
    for (const key of ['daily', 'burstiness'] as const) {
      if (k[key] !== undefined && !own[i]) c.error(['traffic', 'classes', names[i]!, key], `"${key}" on a class needs the class's own "phases" or "trace"`, 'add "phases" to the class, or move it to "traffic"');
    }
    if (!own[i] && k.share === undefined) c.error(['traffic', 'classes', names[i]!, 'share'], 'missing (expected a share of the shared arrivals, or the class\'s own "phases")', 'add e.g. "share": 1');
  });

  const needShared = !perClass || own.some((o) => !o);
  const shared: ResolvedTraffic = needShared ? resolveTraffic(c, t, horizonSeconds, names, fileOf, calendar) : {};
  if (!perClass) {
    if (shared.timestampTrace && (events.length > 0 || growth)) c.error(['traffic', 'trace'], 'a timestamps trace gives every arrival: it cannot be combined with "events" or "growth"', 'use a "rates" trace');
    if (shared.ratePoints) shared.ratePoints = shaped(c, shared.ratePoints, events.map((e) => e.event), growth);
    return shared;
  }
  if (shared.timestampTrace) c.error(['traffic', 'trace'], 'a timestamps trace cannot be combined with classes that have their own arrivals', 'use a "rates" trace, or give no class its own phases');
  const sharedTotal = specs.reduce((a, k, i) => a + (own[i] ? 0 : (k.share ?? 0)), 0);
  const streams: ResolvedClassStream[] = specs.map((k, i) => {
    const base: Path = ['traffic', 'classes', names[i]!];
    let stream: ResolvedTraffic;
    if (own[i]) {
      if (k.trace && 'timestamps' in k.trace) c.error([...base, 'trace'], 'a class\'s own trace must be a "rates" trace', 'put a timestamps trace in "traffic.trace"');
      stream = k.trace && 'timestamps' in k.trace ? {} : resolveTraffic(c, k, horizonSeconds, names, fileOf, calendar, base);
    } else {
      stream = { ...shared, ...(shared.ratePoints ? { ratePoints: multiplyPoints(shared.ratePoints, [[0, (k.share ?? 0) / (sharedTotal || 1)]]) } : {}) };
    }
    const mine = events.filter((e) => e.classes === undefined || e.classes[i]).map((e) => e.event);
    return { ratePoints: shaped(c, stream.ratePoints ?? [[0, 0]], mine, growth), ...(stream.burstiness ? { burstiness: stream.burstiness } : {}) };
  });
  // Each class's share of arrivals over the run (the summary weighs per-class availability with it).
  const expected = streams.map((s) => new RateProfile(s.ratePoints).expectedArrivals(0, horizonSeconds));
  const total = expected.reduce((a, b) => a + b, 0);
  classes.forEach((k, i) => (k.share = total > 0 ? expected[i]! / total : 1 / classes.length));
  return { ratePoints: streams.map((s) => s.ratePoints).reduce((a, b) => addPoints(a, b)), classStreams: streams };
}
