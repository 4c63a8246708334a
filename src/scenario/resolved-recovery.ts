/**
 * Resolved recovery sections (see `schema-recovery.ts`): seconds, bits per
 * second, bytes and indices, ready for the model.
 */
import type { ResolvedHealthCheck } from './resolved-health-check.js';

/** A monitoring VPS: HAProxy-like probing (interval, timeout, fall, rise). */
export type ResolvedMonitor = ResolvedHealthCheck;

export interface ResolvedFailover {
  monitor: ResolvedMonitor;
  promotionSeconds: number;
  /** Weights set through the LB API after the promotion, on a weighted-round-robin tier. */
  weights?: { tier: number; weightByServer: number[]; apiDelaySeconds: number };
  resyncSeconds: number;
}

export interface ResolvedIpFailover {
  /** Server index holding the IP at the start. */
  masterIndex: number;
  monitor: ResolvedMonitor;
  moveSeconds: number;
}

export interface ResolvedBackupSchedule {
  kind: 'incremental' | 'full';
  everySeconds: number;
  offsetSeconds: number;
  /** Retention [s]; Infinity: kept. */
  keepSeconds: number;
  /** How long a copy takes [s] (absent: instantaneous). */
  durationSeconds?: number;
  /** Probability that a copy fails (absent: 0). */
  failureProbability?: number;
}

export interface ResolvedBackups {
  schedules: ResolvedBackupSchedule[];
  dataBytes: number;
  restoreBps: number;
  replayPerIncrementalSeconds: number;
  detectionSeconds: number;
  /** Data corruptions of this tier noticed later (incidents of kind "corruption"). */
  corruptions?: Array<{ atSeconds: number; noticedSeconds: number; description: string }>;
}

export interface ResolvedDrp {
  /** Server indices (in the tier) of the DRP site. */
  servers: number[];
  monitor: ResolvedMonitor;
  switchOverSeconds: number;
}
