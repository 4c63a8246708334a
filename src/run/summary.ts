/**
 * The run summary: replications merged in replication order (so the result
 * does not depend on which worker finished first), pooled percentiles from
 * merged histograms, confidence intervals across replications, SLO verdicts.
 *
 * Field names are a public interface (CI gates read them): add, never rename.
 */
import { FAILURE_REASON_NAMES, type FailureReasonName } from '../model/request/failure-reason.js';
import type { ResolvedScenario, SloRule } from '../scenario/resolved.js';
import { confidenceInterval } from '../stats/confidence.js';
import { LatencyHistogram, type LatencyHistogramJSON } from '../stats/latency-histogram.js';
import type { ReplicationResult } from './replication.js';
import type { IncidentRecord } from '../model/meters/incident-log.js';
import { failoverStats, type DataLossRecord, type FailoverRecord, type FailoverStats, type RecoveryResult } from './recovery-results.js';
import { autoscalingSummary, type AutoscalingSummary } from './autoscaling-summary.js';
import { costSummary, type CostSummary } from './cost.js';

export interface LatencySummary {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
}

export interface Interval {
  mean: number;
  /** 95% half-width across replications (Student t); null with one replication. */
  halfWidth95: number | null;
}

export interface SloVerdict {
  objective: string;
  value: number | null;
  ok: boolean;
}

export interface ServerSummary {
  site: string;
  served: number;
  rejected: number;
  utilisation: number;
  meanQueued: number;
  maxQueued: number;
}

export interface TierSummary {
  latencyMs: LatencySummary;
  /** Mean utilisation over the tier's servers. */
  utilisation: number;
  servers: Record<string, ServerSummary>;
}

export interface Summary {
  scenario: string;
  file: string;
  seed: number | string;
  replications: number;
  simulated: { durationSeconds: number; warmupSeconds: number; measuredSeconds: number };
  requests: {
    total: number;
    ok: number;
    failed: number;
    failedRatio: number;
    failedBy: Record<FailureReasonName, number>;
    inFlightAtEnd: number;
    /** Completed requests per measured second [req/s]. */
    throughputPerSecond: number;
  };
  availability: {
    requests: number | null;
    requestsCI95: Interval | null;
    /** Time-average of the fraction of traffic the infrastructure's state could serve (see AvailabilityMeter); mean over replications. */
    time: number | null;
    timeCI95: Interval | null;
    /** Mean per replication: measured time with nothing servable [s]. */
    fullOutageSeconds: number;
    /** Mean per replication: measured time with part of the traffic unservable (e.g. a dead server not yet detected) [s]. */
    degradedSeconds: number;
  };
  latencyMs: LatencySummary & { meanCI95: Interval | null; p99CI95: Interval | null };
  classes: Record<string, { total: number; ok: number; failed: number; availability: number | null; latencyMs: LatencySummary }>;
  /** By site where requests entered (the site of the first server that took them); empty when they can only enter in one site. */
  sites: Record<string, { total: number; ok: number; failed: number; availability: number | null; latencyMs: LatencySummary }>;
  tiers: Record<string, TierSummary>;
  databases: Record<
    string,
    {
      replication: 'async' | 'galera' | 'master-master' | 'object-storage';
      /** Async: per slave, replication delay of each write [ms] (≥ the link latency); master–master: the stream into each server. */
      slaves: Record<string, { writes: number; lagMs: LatencySummary }>;
      quorumAtEnd: boolean | null;
      /** Async with failover: the first replication's failovers (writes lost, RPO, RTO, …). */
      failovers: FailoverRecord[];
      /** Failovers pooled over every replication. */
      failoverStats: FailoverStats;
      /** With backups: the first replication's data-destroying incidents (RPO, writes lost, RTO). */
      dataLoss: DataLossRecord[];
    }
  >;
  /** Incidents of the first replication, scheduled and random (random ones differ between replications; see incidentStats). */
  incidents: IncidentRecord[];
  /** Over all replications. */
  incidentStats: {
    /** Incidents that started, per replication (mean). */
    perReplication: number;
    /** Incidents listed in `incidents` (the first replication keeps at most 1000). */
    listed: number;
    /** Mean time from an incident's start to its detection by a health check, over detected incidents [s]. */
    meanTimeToDetectSeconds: number | null;
    /** Mean time from start to repair, over repaired incidents [s]. */
    meanTimeToRepairSeconds: number | null;
    /** VMs restarted by VMware HA (total). */
    haRestarts: number;
  };
  /** IP failovers and DRP activations (first replication's). */
  recovery: RecoveryResult;
  /** Per elastic tier: the first replication's scaling timeline and aggregates (only when a tier autoscales). */
  autoscaling?: Record<string, AutoscalingSummary>;
  /** The run's cost and a monthly projection (only when the scenario gives prices). */
  cost?: CostSummary;
  slo: SloVerdict[];
  performance: {
    events: number;
    wallSeconds: number;
    eventsPerSecond: number;
    /** Simulated requests per wall-clock second. */
    requestsPerSecond: number;
    workers: number;
  };
}

/** Round for a stable, readable JSON (sub-microsecond digits of a latency in ms are noise). */
function r(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function nullable(x: number, digits = 3): number | null {
  return Number.isFinite(x) ? r(x, digits) : null;
}

export function latencySummary(h: LatencyHistogram): LatencySummary {
  if (h.count === 0) return { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null, max: null };
  return {
    mean: nullable(h.mean),
    p50: nullable(h.quantile(0.5)),
    p90: nullable(h.quantile(0.9)),
    p95: nullable(h.quantile(0.95)),
    p99: nullable(h.quantile(0.99)),
    p999: nullable(h.quantile(0.999)),
    max: nullable(h.max),
  };
}

function merged(list: LatencyHistogramJSON[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const j of list) h.merge(LatencyHistogram.fromJSON(j));
  return h;
}

function interval(values: number[], digits: number): Interval | null {
  if (values.length < 2 || values.some((v) => !Number.isFinite(v))) return null;
  const ci = confidenceInterval(values, 0.95);
  return { mean: r(ci.mean, digits), halfWidth95: Number.isFinite(ci.halfWidth) ? r(ci.halfWidth, digits) : null };
}

/** `{ key: value }` when there is a value, `{}` otherwise (absent sections stay out of the JSON). */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Read a dotted path ("latencyMs.p99") from the summary. */
export function metricValue(summary: Summary, metric: string): number | null {
  let v: unknown = summary;
  for (const key of metric.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : null;
}

function check(rule: SloRule, value: number | null): boolean {
  if (value === null) return false;
  switch (rule.op) {
    case '<':
      return value < rule.threshold;
    case '<=':
      return value <= rule.threshold;
    case '>':
      return value > rule.threshold;
    case '>=':
      return value >= rule.threshold;
  }
}

export function summarize(scenario: ResolvedScenario, reps: ReplicationResult[], wallSeconds: number, workers: number): Summary {
  const sorted = [...reps].sort((a, b) => a.index - b.index);
  const sum = (f: (x: ReplicationResult) => number): number => sorted.reduce((a, x) => a + f(x), 0);
  const ok = sum((x) => x.ok);
  const failed = sum((x) => x.failed);
  const total = ok + failed;
  const latency = merged(sorted.map((x) => x.latencyMs));
  const measuredSeconds = scenario.run.durationSeconds - scenario.run.warmupSeconds;
  const events = sum((x) => x.events);
  const generated = total + sum((x) => x.inFlightAtEnd);

  const classes: Summary['classes'] = {};
  scenario.classes.forEach((c, i) => {
    const cOk = sorted.reduce((a, x) => a + x.classes[i]!.ok, 0);
    const cFailed = sorted.reduce((a, x) => a + x.classes[i]!.failed, 0);
    classes[c.name] = {
      total: cOk + cFailed,
      ok: cOk,
      failed: cFailed,
      availability: cOk + cFailed > 0 ? r(cOk / (cOk + cFailed), 6) : null,
      latencyMs: latencySummary(merged(sorted.map((x) => x.classes[i]!.latencyMs))),
    };
  });

  const sites: Summary['sites'] = {};
  if ((sorted[0]?.sites.length ?? 0) > 1) {
    scenario.sites.forEach((name, i) => {
      const sOk = sorted.reduce((a, x) => a + x.sites[i]!.ok, 0);
      const sFailed = sorted.reduce((a, x) => a + x.sites[i]!.failed, 0);
      sites[name] = {
        total: sOk + sFailed,
        ok: sOk,
        failed: sFailed,
        availability: sOk + sFailed > 0 ? r(sOk / (sOk + sFailed), 6) : null,
        latencyMs: latencySummary(merged(sorted.map((x) => x.sites[i]!.latencyMs))),
      };
    });
  }

  const databases: Summary['databases'] = {};
  (sorted[0]?.databases ?? []).forEach((d, di) => {
    const slaves: Record<string, { writes: number; lagMs: LatencySummary }> = {};
    // By name, in server order: a failover can make a different set of servers slaves in each replication.
    const names = scenario.tiers.find((t) => t.name === d.tier)!.servers.map((s) => s.name);
    for (const server of names) {
      const per = sorted.flatMap((x) => x.databases[di]!.slaves.filter((sl) => sl.server === server));
      if (per.length === 0) continue;
      slaves[server] = { writes: per.reduce((a, sl) => a + sl.writes, 0), lagMs: latencySummary(merged(per.map((sl) => sl.lagMs))) };
    }
    databases[d.tier] = {
      replication: d.replication,
      slaves,
      quorumAtEnd: d.quorumAtEnd,
      failovers: d.failovers,
      failoverStats: failoverStats(sorted.map((x) => x.databases[di]!.failovers)),
      dataLoss: d.dataLoss,
    };
  });

  const tiers: Summary['tiers'] = {};
  scenario.tiers.forEach((t, ti) => {
    const servers: Record<string, ServerSummary> = {};
    t.servers.forEach((s, si) => {
      const per = sorted.map((x) => x.tiers[ti]!.servers[si]!);
      const n = per.length;
      servers[s.name] = {
        site: s.site,
        served: per.reduce((a, p) => a + p.served, 0),
        rejected: per.reduce((a, p) => a + p.rejected, 0),
        utilisation: r(per.reduce((a, p) => a + p.utilisation, 0) / n, 4),
        meanQueued: r(per.reduce((a, p) => a + p.meanQueued, 0) / n, 3),
        maxQueued: per.reduce((a, p) => Math.max(a, p.maxQueued), 0),
      };
    });
    const utils = Object.values(servers).map((s) => s.utilisation);
    tiers[t.name] = {
      latencyMs: latencySummary(merged(sorted.map((x) => x.tiers[ti]!.latencyMs))),
      utilisation: r(utils.reduce((a, b) => a + b, 0) / Math.max(1, utils.length), 4),
      servers,
    };
  });

  const failedBy = Object.fromEntries(FAILURE_REASON_NAMES.map((n) => [n, sum((x) => x.failedBy[n])])) as Record<FailureReasonName, number>;
  const perRepAvailability = sorted.map((x) => (x.ok + x.failed > 0 ? x.ok / (x.ok + x.failed) : NaN));
  const perRepMean = sorted.map((x) => (x.latencyMs.count > 0 ? x.latencyMs.sum / x.latencyMs.count : NaN));
  const perRepP99 = sorted.map((x) => (x.latencyMs.count > 0 ? LatencyHistogram.fromJSON(x.latencyMs).quantile(0.99) : NaN));

  const perRepTime = sorted.map((x) => x.availabilityTime.time);
  const allRecords = sorted.flatMap((x) => x.incidents);
  const meanOf = (xs: number[]): number | null => (xs.length > 0 ? r(xs.reduce((a, b) => a + b, 0) / xs.length, 3) : null);
  const repCount = Math.max(1, sorted.length);

  const summary: Summary = {
    scenario: scenario.name,
    file: scenario.file,
    seed: scenario.run.seed,
    replications: sorted.length,
    simulated: {
      durationSeconds: scenario.run.durationSeconds,
      warmupSeconds: scenario.run.warmupSeconds,
      measuredSeconds,
    },
    requests: {
      total,
      ok,
      failed,
      failedRatio: total > 0 ? r(failed / total, 8) : 0,
      failedBy,
      inFlightAtEnd: sum((x) => x.inFlightAtEnd),
      throughputPerSecond: r(total / (measuredSeconds * Math.max(1, sorted.length)), 3),
    },
    availability: {
      requests: total > 0 ? r(ok / total, 8) : null,
      requestsCI95: interval(perRepAvailability, 8),
      time: sorted.length > 0 ? r(perRepTime.reduce((a, b) => a + b, 0) / sorted.length, 8) : null,
      timeCI95: interval(perRepTime, 8),
      fullOutageSeconds: r(sum((x) => x.availabilityTime.fullOutageSeconds) / repCount, 3),
      degradedSeconds: r(sum((x) => x.availabilityTime.degradedSeconds) / repCount, 3),
    },
    latencyMs: { ...latencySummary(latency), meanCI95: interval(perRepMean, 3), p99CI95: interval(perRepP99, 3) },
    classes,
    sites,
    tiers,
    databases,
    incidents: sorted[0]?.incidents ?? [],
    incidentStats: {
      perReplication: r(sum((x) => x.incidentsStarted) / repCount, 3),
      listed: sorted[0]?.incidents.length ?? 0,
      meanTimeToDetectSeconds: meanOf(allRecords.flatMap((x) => (x.detectedSeconds === null ? [] : [x.detectedSeconds - x.startSeconds]))),
      meanTimeToRepairSeconds: meanOf(allRecords.flatMap((x) => (x.repairedSeconds === null ? [] : [x.repairedSeconds - x.startSeconds]))),
      haRestarts: sum((x) => x.haRestarts),
    },
    recovery: sorted[0]?.recovery ?? { ipFailovers: [], drp: [] },
    ...optional('autoscaling', autoscalingSummary(sorted)),
    ...optional('cost', costSummary(scenario, sorted)),
    slo: [],
    performance: {
      events,
      wallSeconds: r(wallSeconds, 3),
      eventsPerSecond: wallSeconds > 0 ? Math.round(events / wallSeconds) : 0,
      requestsPerSecond: wallSeconds > 0 ? Math.round(generated / wallSeconds) : 0,
      workers,
    },
  };
  summary.slo = scenario.slo.map((rule) => {
    const value = metricValue(summary, rule.metric);
    return { objective: rule.text, value, ok: check(rule, value) };
  });
  return summary;
}

/** The summary without wall-clock fields: what must be byte-identical across runs and thread counts. */
export function deterministicPart(summary: Summary): Omit<Summary, 'performance'> & { performance: { events: number } } {
  return { ...summary, performance: { events: summary.performance.events } };
}
