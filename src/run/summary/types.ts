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
import type { MetricUnit } from '../../scenario/metric-units.js';
import type { Interval, LatencySummary } from './numbers.js';
import type { InterruptedInfo } from '../run-interrupted.js';
import type { CrashedInfo } from '../replication-crashed.js';

// Defined beside the rounding they come out of (numbers.ts imports nothing from here: no circle).
export type { Interval, LatencySummary };

/** How an SLO is decided: on the measured value (`mean`), or on its 95% confidence bound across replications (`bound`). */
export type GateMode = 'mean' | 'bound';

/** ok; failed; unsure (bound gate: the interval straddles the threshold, or one replication gives none); not-evaluable (no such figure in this run). */
export type SloStatus = 'ok' | 'failed' | 'unsure' | 'not-evaluable';

/** One figure across replications: its value in each, their mean with a 95% interval, and their spread. */
export interface Spread {
  /** Replications with a value. */
  n: number;
  mean: number | null;
  /** Student-t 95% half-width; null with fewer than two values. */
  halfWidth95: number | null;
  low95: number | null;
  high95: number | null;
  min: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
  max: number | null;
  /** In replication order (null where the replication has no value). */
  values: Array<number | null>;
}

/** A share of replications with its Wilson 95% interval. */
export interface Proportion {
  count: number;
  of: number;
  share: number;
  low95: number;
  high95: number;
  method: 'wilson';
}

/** A window SLO's check: every window (of the rule's length, within its hours) against the threshold. */
export interface WindowCheck {
  windowSeconds: number;
  /** Windows checked (with data, within `between`). */
  windows: number;
  failed: number;
  /** The window farthest on the wrong side of the threshold (or closest to it when all hold). */
  worst: { startSeconds: number; secondOfDay: number | null; value: number } | null;
}

export interface SloVerdict {
  objective: string;
  /** The measured value in the metric's unit: the pooled figure (gate `mean`), the mean over replications (gate `bound`), the worst window (window SLO). */
  value: number | null;
  ok: boolean;
  status: SloStatus;
  metric: string;
  op: '<' | '<=' | '>' | '>=' | '==';
  /** In the metric's unit. */
  threshold: number;
  unit: MetricUnit | null;
  gate: GateMode;
  /** With a `*` in the metric: the path of the worst match. */
  worst?: string;
  /** The metric across replications (two or more). */
  acrossReplications?: Spread;
  window?: WindowCheck;
  /** Why the status is unsure or not-evaluable, or where a window SLO failed. */
  message?: string;
}

export interface ServerSummary {
  site: string;
  served: number;
  rejected: number;
  /** Busy slots ÷ slots (processor sharing: cores) over the whole measured window. */
  utilisation: number;
  meanQueued: number;
  maxQueued: number;
}

export interface TierSummary {
  latencyMs: LatencySummary;
  /**
   * Busy slots ÷ slots of the servers while they run (processor sharing:
   * busy cores ÷ cores), time-averaged: instances never started, powered off
   * or asleep do not count.
   */
  utilisation: number;
  /** Servers running, time-averaged over the measured window (mean over replications). */
  serving: number;
  /** Servers built (an elastic group builds all its possible instances). */
  built: number;
  /** Requests waiting in the tier, time-averaged: the sum of its servers' `meanQueued`. */
  meanQueued: number;
  /** Longest queue of one of its servers. */
  maxQueued: number;
  servers: Record<string, ServerSummary>;
}

export interface Summary {
  /** Only when a signal interrupted the run or a replication crashed: the summary covers `interrupted.completedReplications` (run-interrupted.ts). */
  partial?: true;
  interrupted?: InterruptedInfo;
  /** Only when a replication crashed (a bug; exit 3): the summary covers `crashed.completedReplications` (replication-crashed.ts). */
  crashed?: CrashedInfo;
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
    /** Measured requests still inside at the end and younger than their `unfinished` limit: in no other count (those older count as failedBy.unfinished). */
    inFlightAtEnd: number;
    /** Requests that left the system (ok or failed, not `unfinished`) per measured second [req/s]. */
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
  /** `emitted` and `sinceOriginMs` (from the original arrival to the success) only for classes that consequence requests create. */
  classes: Record<string, { total: number; ok: number; failed: number; availability: number | null; latencyMs: LatencySummary; emitted?: number; sinceOriginMs?: LatencySummary }>;
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
  /** With two replications or more: shares of replications, each with an interval. */
  acrossReplications?: AcrossReplications;
  /**
   * Did a tier's backlog keep growing over the measured window? `unstable`
   * (exit 1) names the tier that grew fastest (stats/sustained-growth.ts
   * documents the test).
   */
  stability: {
    verdict: 'stable' | 'unstable';
    tier: string | null;
    /** That tier's growth over the second half of the measured window [requests/s] (mean over replications). */
    growthPerSecond: number | null;
    /** Requests inside that tier at the end (first replication). */
    inSystemAtEnd: number | null;
    /** Replications in which some tier was unstable. */
    unstableReplications: number;
    tiers: Record<string, { verdict: 'stable' | 'unstable'; growthPerSecond: number; quarterMeans: number[]; inSystemAtEnd: number }>;
  };
  performance: {
    events: number;
    wallSeconds: number;
    eventsPerSecond: number;
    /** Requests simulated (warm-up included) per wall-clock second. */
    requestsPerSecond: number;
    workers: number;
  };
}

export interface AcrossReplications {
  replications: number;
  /** Replications in which every SLO held (each checked on that replication alone); null without SLOs. */
  everySloHeld: Proportion | null;
  /** Replications in which no incident made a request fail. */
  noIncidentWithFailedRequests: Proportion;
  /** With `--replications auto`: the target and whether it was reached. */
  auto?: { targetRelativeHalfWidth: number; maxReplications: number; reached: boolean; metrics: string[] };
}
