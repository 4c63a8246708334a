/**
 * The summary's types. Field names are a public interface (CI gates read
 * them): add, never rename.
 */
import type { FailureReasonName } from '../../model/request/failure-reason.js';
import type { IncidentRecord } from '../../model/meters/incident-log.js';
import type { DataLossRecord, FailoverRecord, FailoverStats, RecoveryResult } from '../recovery-results.js';
import type { AutoscalingSummary } from './autoscaling.js';
import type { CostSummary } from './cost.js';
import type { SeriesSummary } from './series-types.js';

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
  /** Time-averaged requests waiting in the tier: the sum of its servers' meanQueued. */
  meanQueued: number;
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
  /** Per time window (when the run records series): see SeriesSummary. */
  series?: SeriesSummary;
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
