/**
 * The summary's `series` section: one value per time window for every
 * metric that has one (WINDOW_METRIC_PATTERNS), pooled over the
 * replications window by window: counts summed, ratios of the sums, time
 * averages averaged over the replications, latency quantiles from the
 * merged window histograms (relative error ≤ 1.6 %: see WindowHistogram).
 */
import { Calendar, type Zone } from '../../traffic/calendar.js';
import type { WindowSeries } from '../../model/meters/build-windows.js';
import { FAILURE_REASON_NAMES } from '../../model/request/failure-reason.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { addStoredWindow, WindowHistogram, type WindowHistogramsData } from '../../stats/window-histogram.js';
import type { ReplicationResult } from '../replication.js';
import { r } from './numbers.js';
import { networkSeries } from './network.js';
import type { SeriesMark, SeriesSummary } from './series-types.js';

type Values = Record<string, Array<number | null>>;

/** Window k's length [s] (the last one ends with the run). */
function lengths(s: WindowSeries): number[] {
  return Array.from({ length: s.windows }, (_, k) => Math.min(s.windowSeconds, s.endSeconds - (s.fromSeconds + k * s.windowSeconds)));
}

/** Σ over the replications, window by window. */
function summed(reps: readonly ReplicationResult[], f: (s: WindowSeries) => Float64Array): number[] {
  const out = new Array<number>(reps[0]!.series.windows).fill(0);
  for (const x of reps) f(x.series).forEach((v, k) => (out[k]! += v));
  return out;
}

/** `a[k] / b[k]` rounded, null where b[k] is 0. */
function ratio(a: readonly number[], b: readonly number[], digits: number): Array<number | null> {
  return a.map((v, k) => (b[k]! > 0 ? r(v / b[k]!, digits) : null));
}

/** Mean over the replications of a time average: `f` gives each window's integral. */
function timeAverage(reps: readonly ReplicationResult[], len: readonly number[], f: (s: WindowSeries) => number[] | Float64Array, digits: number): number[] {
  const out = new Array<number>(len.length).fill(0);
  for (const x of reps) f(x.series).forEach((v, k) => (out[k]! += len[k]! > 0 ? v / len[k]! : 0));
  return out.map((v) => r(v / reps.length, digits));
}

const LATENCY_STATS = [
  ['mean', (h: WindowHistogram) => h.mean],
  ['p50', (h: WindowHistogram) => h.quantile(0.5)],
  ['p90', (h: WindowHistogram) => h.quantile(0.9)],
  ['p95', (h: WindowHistogram) => h.quantile(0.95)],
  ['p99', (h: WindowHistogram) => h.quantile(0.99)],
  ['max', (h: WindowHistogram) => h.max],
] as const;

/** `prefix.<stat>` per window from the replications' window histograms merged, for the stats named. */
function latencies(out: Values, prefix: string, per: readonly WindowHistogramsData[], stats: readonly string[]): void {
  const chosen = LATENCY_STATS.filter(([name]) => stats.includes(name));
  const columns = chosen.map(([name]) => (out[`${prefix}.${name}`] = [] as Array<number | null>));
  const h = new WindowHistogram();
  const windows = per[0]?.count.length ?? 0;
  for (let k = 0; k < windows; k++) {
    for (const data of per) addStoredWindow(h, data, k);
    chosen.forEach(([, stat], i) => columns[i]!.push(h.count > 0 ? r(stat(h), 3) : null));
    h.reset();
  }
}

const ALL_LATENCY = LATENCY_STATS.map(([name]) => name);

function requestValues(out: Values, scenario: ResolvedScenario, reps: readonly ReplicationResult[]): void {
  const ok = summed(reps, (s) => s.ok);
  const failed = summed(reps, (s) => s.failed);
  const total = ok.map((v, k) => v + failed[k]!);
  out['requests.total'] = total;
  out['requests.ok'] = ok;
  out['requests.failed'] = failed;
  FAILURE_REASON_NAMES.forEach((name, i) => (out[`requests.failedBy.${name}`] = summed(reps, (s) => s.failedBy[i]!)));
  out['availability.requests'] = ratio(ok, total, 8);
  out['availability.time'] = timeAverage(reps, lengths(reps[0]!.series), (s) => s.availableSeconds, 8);
  latencies(out, 'latencyMs', reps.map((x) => x.series.latencyMs), ALL_LATENCY);
  scenario.classes.forEach((c, i) => {
    const cok = summed(reps, (s) => s.classOk[i]!);
    const cfailed = summed(reps, (s) => s.classFailed[i]!);
    const ctotal = cok.map((v, k) => v + cfailed[k]!);
    out[`classes.${c.name}.total`] = ctotal;
    out[`classes.${c.name}.ok`] = cok;
    out[`classes.${c.name}.failed`] = cfailed;
    out[`classes.${c.name}.availability`] = ratio(cok, ctotal, 6);
    latencies(out, `classes.${c.name}.latencyMs`, reps.map((x) => x.series.classLatencyMs[i]!), ALL_LATENCY);
  });
}

function infrastructureValues(out: Values, scenario: ResolvedScenario, reps: readonly ReplicationResult[]): void {
  const len = lengths(reps[0]!.series);
  scenario.tiers.forEach((t, ti) => {
    // As the whole-run figure (tiers.ts): busy capacity ÷ running capacity, over the servers and replications, window by window.
    const busy = new Array<number>(len.length).fill(0);
    const running = new Array<number>(len.length).fill(0);
    for (const x of reps) {
      t.servers.forEach((_, si) => {
        const capacity = x.tiers[ti]!.servers[si]!.capacity;
        x.series.capacityBusy[ti]![si]!.forEach((v, k) => (busy[k]! += v));
        x.series.running[ti]![si]!.forEach((v, k) => (running[k]! += capacity * v));
      });
    }
    out[`tiers.${t.name}.utilisation`] = busy.map((v, k) => (running[k]! > 0 ? r(v / running[k]!, 4) : 0));
    // Requests waiting in the tier: the sum over its servers.
    out[`tiers.${t.name}.meanQueued`] = timeAverage(reps, len, (x) => sumOver(x.queued[ti]!, len.length), 3);
  });
  (reps[0]!.databases ?? []).forEach((d, di) => {
    const tier = scenario.tiers.find((t) => t.name === d.tier)!;
    const lagIndex = reps[0]!.series.lagMs.findIndex((l) => l.tier === d.tier);
    tier.servers.forEach((server, si) => {
      // The servers that were a slave in some replication, as in the whole-run section.
      if (!reps.some((x) => x.databases[di]!.slaves.some((sl) => sl.server === server.name))) return;
      latencies(out, `databases.${d.tier}.slaves.${server.name}.lagMs`, reps.map((x) => x.series.lagMs[lagIndex]!.servers[si]!), ['p50', 'p99', 'max']);
    });
  });
  reps[0]!.autoscaling.forEach((a, i) => {
    out[`autoscaling.${a.tier}.serving`] = timeAverage(reps, len, (s) => s.serving[i]!, 3);
  });
  networkSeries(out, scenario, reps, len);
}

function sumOver(columns: readonly Float64Array[], windows: number): number[] {
  const out = new Array<number>(windows).fill(0);
  for (const c of columns) c.forEach((v, k) => (out[k]! += v));
  return out;
}

/** The first replication's incidents and scaling decisions, in the window where they happened (as the lists they come from). */
function marks(reps: readonly ReplicationResult[]): SeriesMark[] {
  const first = reps[0]!;
  const s = first.series;
  const windowOf = (t: number): number | null => (t >= s.fromSeconds && t <= s.endSeconds ? Math.min(s.windows - 1, Math.floor((t - s.fromSeconds) / s.windowSeconds)) : null);
  const out: SeriesMark[] = [];
  for (const inc of first.incidents) out.push({ atSeconds: r(inc.startSeconds, 3), window: windowOf(inc.startSeconds), kind: 'incident', label: inc.target });
  for (const a of first.autoscaling) {
    for (const e of a.timeline) {
      if (e.action !== 'scale-out' && e.action !== 'scale-in') continue;
      out.push({ atSeconds: e.atSeconds, window: windowOf(e.atSeconds), kind: e.action, label: `${a.tier}: ${e.from} → ${e.to}` });
    }
  }
  return out.sort((a, b) => a.atSeconds - b.atSeconds);
}

/** Each window's start as local ISO time on the run's calendar (run.startsAt). */
function isoStarts(startsAt: { epochMs: number; zone: Zone }, startSeconds: readonly number[]): string[] {
  const calendar = new Calendar(startsAt.zone, startsAt.epochMs);
  return startSeconds.map((t) => calendar.isoAt(t));
}

/** Each window's start as seconds since local midnight, daylight saving included (run.startsAt's zone). */
function localSecondsOfDay(startsAt: { epochMs: number; zone: Zone }, startSeconds: readonly number[]): number[] {
  const calendar = new Calendar(startsAt.zone, startsAt.epochMs);
  return startSeconds.map((t) => r(calendar.localAt(t).secondOfDay, 3));
}

export function seriesSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): SeriesSummary | undefined {
  const first = reps[0]?.series;
  if (first === undefined) return undefined;
  const startSeconds = Array.from({ length: first.windows }, (_, k) => r(first.fromSeconds + k * first.windowSeconds, 3));
  const calendar = scenario.calendar;
  const values: Values = {};
  requestValues(values, scenario, reps);
  infrastructureValues(values, scenario, reps);
  const total = values['requests.total']!;
  return {
    windowSeconds: first.windowSeconds,
    startSeconds,
    secondOfDay: calendar?.startsAt ? localSecondsOfDay(calendar.startsAt, startSeconds) : startSeconds.map((t) => (calendar ? r((calendar.startSecondOfDay + t) % 86400, 3) : null)),
    ...(calendar?.startsAt ? { startIso: isoStarts(calendar.startsAt, startSeconds) } : {}),
    endSeconds: first.endSeconds,
    values,
    arrivals: summed(reps, (s) => s.arrivals),
    throughputPerSecond: lengths(first).map((len, k) => r(total[k]! / (len * reps.length), 3)),
    marks: marks(reps),
  };
}
