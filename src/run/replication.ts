/**
 * One independent replication: build the model with the replication's seed,
 * run it to the scenario's end, and return plain data (objects, arrays and,
 * for the per-window series, typed arrays: what structured cloning copies,
 * so it can come back from a worker thread and be merged in replication
 * order).
 */
import { performance } from 'node:perf_hooks';
import { buildModel, type BuiltModel } from '../model/build.js';
import { tuneV8 } from './v8-tuning.js';
import type { HaproxyBackend } from '../model/stations/haproxy-backend.js';
import type { Database } from '../model/data/database.js';
import type { Server } from '../model/stations/server.js';
import { FAILURE_REASON_NAMES, type FailureReasonName } from '../model/request/failure-reason.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { LatencyHistogramJSON } from '../stats/latency-histogram.js';
import type { IncidentRecord } from '../model/meters/incident-log.js';
import type { TimeAvailability } from '../model/meters/availability-meter.js';
import { linkRecoveries } from './incident-links.js';
import { settleUnfinished } from './unfinished.js';
import { RunStopped, stoppedDetails } from './run-stopped.js';
import { InSystemLimitReached } from '../model/request/request-table.js';
import { databaseRecoveryOf, recoveryOf, type DatabaseRecoveryResult, type RecoveryResult } from './recovery-results.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { sustainedGrowth } from '../stats/sustained-growth.js';
import { inTier } from '../model/meters/stability-meter.js';
import type { AutoscalingResult } from '../model/elasticity/autoscaler.js';
import type { WindowSeries } from '../model/meters/build-windows.js';
import type { BatchResult, PopulationResult } from '../model/sources/closed-results.js';

export interface ServerResult {
  name: string;
  site: string;
  served: number;
  rejected: number;
  /** Time-averaged busy slots ÷ slots (processor sharing: busy cores ÷ cores) over the measured window. */
  utilisation: number;
  /** Slots (processor sharing: cores): what utilisation is a share of. */
  capacity: number;
  /** Time it was running (alive: started, not powered off, not asleep or dead) in the measured window [s]. */
  runningSeconds: number;
  /** Time-averaged waiting requests, after warm-up. */
  meanQueued: number;
  maxQueued: number;
}

export interface TierStability {
  tier: string;
  growing: boolean;
  /** Least-squares growth of the requests inside over the second half of the measured window [requests/s]. */
  growthPerSecond: number;
  /** Mean requests inside over each quarter of the measured window. */
  quarterMeans: number[];
  /** Requests inside when the run ended. */
  inSystemAtEnd: number;
}

export interface TierResult {
  name: string;
  latencyMs: LatencyHistogramJSON;
  servers: ServerResult[];
  /** A tier with an `haproxy` block: its backend's counters (model/stations/haproxy-backend.ts). */
  backend?: BackendResult;
}

export interface BackendResult {
  arrivals: number;
  queued: number;
  /** Total wait in the backend queue of the requests that left it for a server [s]. */
  waitSeconds: number;
  timedOut: number;
  queueFull: number;
  meanQueued: number;
  maxQueued: number;
  retries: number;
  redispatched: number;
}

export interface DatabaseResult extends DatabaseRecoveryResult {
  tier: string;
  replication: 'async' | 'galera' | 'master-master' | 'object-storage';
  /** Async: per slave, the replication delay of each write (master–master: into each server, from the other). */
  slaves: Array<{ server: string; writes: number; lagMs: LatencyHistogramJSON }>;
  /** Galera: whether the cluster had quorum at the end of the run. */
  quorumAtEnd: boolean | null;
}

export interface ReplicationResult {
  index: number;
  seed: number | string;
  /** Measured window [s]: run duration minus warm-up. */
  measuredSeconds: number;
  ok: number;
  failed: number;
  failedBy: Record<FailureReasonName, number>;
  /** Measured requests still in the system when the run ended, not yet counted (younger than their `unfinished` limit: see ./unfinished.ts). */
  inFlightAtEnd: number;
  latencyMs: LatencyHistogramJSON;
  classes: Array<{ name: string; ok: number; failed: number; latencyMs: LatencyHistogramJSON; emitted?: number; sinceOriginMs?: LatencyHistogramJSON }>;
  /** By site where requests entered (only with several sites). */
  sites: Array<{ name: string; ok: number; failed: number; latencyMs: LatencyHistogramJSON }>;
  tiers: TierResult[];
  databases: DatabaseResult[];
  /** The first incidents of the run (scheduled and random), up to the log's limit. */
  incidents: IncidentRecord[];
  /** Incidents that started, including those beyond the record limit. */
  incidentsStarted: number;
  /** Availability by time over the measured window. */
  availabilityTime: TimeAvailability;
  /** VMs restarted by VMware HA. */
  haRestarts: number;
  /** IP failovers and DRP activations. */
  recovery: RecoveryResult;
  /** One per elastic server group, in tier order. */
  autoscaling: AutoscalingResult[];
  /** Per tier, in tier order: did the requests inside it keep growing over the measured window (stats/sustained-growth.ts)? */
  stability: TierStability[];
  /** Closed populations and batches (present when the scenario has any). */
  populations?: PopulationResult[];
  batches?: BatchResult[];
  /** Per time window of the measured part (typed arrays: they cross worker threads by structured clone). */
  series: WindowSeries;
  events: number;
  /** Requests the source generated, warm-up included (what the engine simulated: performance.requestsPerSecond). */
  generated: number;
  wallSeconds: number;
}

/** The seed of replication `index`: the scenario seed itself for the first, "<seed>.<index>" after. */
export function replicationSeed(seed: number | string, index: number): number | string {
  return index === 0 ? seed : `${seed}.${index}`;
}

export interface ReplicationOptions {
  /** Called now and then with the fraction of simulated time done (0..1). */
  onProgress?: (fraction: number) => void;
  /** false: the general request path even where the fused one applies (model/flow/plain-path.ts; the tests compare both). */
  fusePlainPath?: boolean;
}

export function runReplication(scenario: ResolvedScenario, index: number, options: ReplicationOptions = {}): ReplicationResult {
  tuneV8(); // before the hot path is first optimised (see v8-tuning.ts)
  const seed = replicationSeed(scenario.run.seed, index);
  const started = performance.now();
  const model = buildModel(scenario, seed, options.fusePlainPath === false ? { fusePlainPath: false } : {});
  const duration = scenario.run.durationSeconds;
  const onProgress = options.onProgress;
  let result;
  try {
    result = model.sim.run({
      untilSeconds: duration,
      ...(onProgress ? { onProgress: (now: number) => onProgress(now / duration), progressEveryEvents: 1 << 18 } : {}),
    });
  } catch (e) {
    // Thrown from the request table when it would grow past its limit (never checked per request).
    if (e instanceof InSystemLimitReached) throw new RunStopped(stoppedDetails(model, index, e.limit));
    throw e;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  model.incidentLog.finish();
  const inFlightAtEnd = settleUnfinished(scenario, model, duration);
  const series = model.windows.finish(duration);
  const availabilityTime = model.availability.finish(duration);
  const recovery = recoveryOf(model);
  const databaseRecovery = databaseTiers(model).map((t) => databaseRecoveryOf(model, t.index));
  linkRecoveries(model.incidentLog.records, databaseRecovery, recovery, model.incidentLog.notes);
  const closed = model.closed.results(duration);
  return {
    index,
    seed,
    measuredSeconds: duration - scenario.run.warmupSeconds,
    ...requestResults(scenario, model, inFlightAtEnd),
    databases: databaseResults(model),
    incidents: model.incidentLog.records,
    incidentsStarted: model.incidentLog.started,
    availabilityTime,
    haRestarts: model.hostClusters.reduce((a, h) => a + h.restarts, 0),
    recovery,
    autoscaling: model.autoscalers.map((a) => a.result(duration)),
    tiers: tierResults(model, duration),
    stability: stabilityResults(model),
    ...(closed.populations.length > 0 ? { populations: closed.populations } : {}),
    ...(closed.batches.length > 0 ? { batches: closed.batches } : {}),
    series,
    events: result.events,
    generated: model.source.generated + model.closed.generated,
    wallSeconds,
  };
}

type RequestResults = Pick<ReplicationResult, 'ok' | 'failed' | 'failedBy' | 'inFlightAtEnd' | 'latencyMs' | 'classes' | 'sites'>;

/** Counts and latency histograms: the whole run, per class, per entry site. */
function requestResults(scenario: ResolvedScenario, model: BuiltModel, inFlightAtEnd: number): RequestResults {
  const { outcomes } = model;
  return {
    ok: outcomes.ok,
    failed: outcomes.failedTotal,
    failedBy: Object.fromEntries(FAILURE_REASON_NAMES.map((n, i) => [n, outcomes.failedBy[i]!])) as Record<FailureReasonName, number>,
    inFlightAtEnd,
    latencyMs: outcomes.latencyMs.toJSON(),
    classes: scenario.classes.map((c, i) => ({
      name: c.name,
      ok: outcomes.classOk(i),
      failed: outcomes.classFailed[i]!,
      latencyMs: outcomes.classLatencyMs[i]!.toJSON(),
      ...consequenceResults(model, i),
    })),
    sites:
      outcomes.siteCount > 1
        ? scenario.sites.map((name, i) => ({
            name,
            ok: outcomes.siteOk(i),
            failed: outcomes.siteFailed[i]!,
            latencyMs: outcomes.siteLatencyMs[i]!.toJSON(),
          }))
        : [],
  };
}

/** For a class that consequence requests create: how many were emitted, and their time since the origin. */
function consequenceResults(model: BuiltModel, cls: number): { emitted?: number; sinceOriginMs?: LatencyHistogramJSON } {
  const meters = model.flow.consequenceMeters;
  const h = meters?.sinceOriginMs[cls];
  return meters !== undefined && h !== undefined ? { emitted: meters.emitted[cls]!, sinceOriginMs: h.toJSON() } : {};
}

/** The tiers that have a database, with it. */
function databaseTiers(model: BuiltModel): Array<{ index: number; name: string; servers: readonly Server[]; db: Database }> {
  return model.tiers.flatMap((t) => {
    const db = model.databases[t.index];
    return db === undefined ? [] : [{ index: t.index, name: t.name, servers: t.servers, db }];
  });
}

function databaseResults(model: BuiltModel): DatabaseResult[] {
  return databaseTiers(model).map(({ index, name, servers, db }) => ({
    tier: name,
    replication: db.kind,
    // Every server that was a slave at some point (a failover changes which), all its channels merged.
    slaves: servers.flatMap((s, i) => {
      const channels = db.channelsOf(i);
      if (channels.length === 0) return [];
      const lag = new LatencyHistogram();
      for (const c of channels) lag.merge(c.delayMs);
      return [{ server: s.spec.name, writes: channels.reduce((a, c) => a + c.writes, 0), lagMs: lag.toJSON() }];
    }),
    quorumAtEnd: db.galera ? db.galera.hasQuorum() : null,
    ...databaseRecoveryOf(model, index),
  }));
}

function tierResults(model: BuiltModel, duration: number): TierResult[] {
  return model.tiers.map((t) => ({
    name: t.name,
    latencyMs: t.latencyMs.toJSON(),
    servers: t.servers.map((s) => ({
      name: s.spec.name,
      site: s.spec.site,
      served: s.served,
      rejected: s.rejected,
      utilisation: s.utilisation(duration),
      capacity: s.capacityUnits,
      runningSeconds: s.runningSeconds(duration),
      meanQueued: s.meanQueued(duration),
      maxQueued: s.maxQueued,
    })),
    ...(t.proxy !== undefined ? { backend: backendResult(t.proxy, duration) } : {}),
  }));
}

function backendResult(b: HaproxyBackend, duration: number): BackendResult {
  return {
    arrivals: b.arrivals,
    queued: b.queued,
    waitSeconds: b.waitSeconds,
    timedOut: b.timedOut,
    queueFull: b.full,
    meanQueued: b.meanLength(duration),
    maxQueued: b.maxLength,
    retries: b.retried,
    redispatched: b.redispatched,
  };
}

function stabilityResults(model: BuiltModel): TierStability[] {
  const meter = model.stability;
  return model.tiers.map((t) => {
    const g = sustainedGrowth(meter.series(t.index), meter.intervalSeconds);
    return { tier: t.name, growing: g.growing, growthPerSecond: g.growthPerSecond, quarterMeans: g.quarterMeans, inSystemAtEnd: inTier(t) };
  });
}
