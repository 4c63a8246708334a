/**
 * Recovery records (failovers, data losses, IP moves, DRP activations):
 * taken from a built model after a replication, then summarised across
 * replications. Records are plain JSON-safe objects.
 */
import type { BuiltModel } from '../model/build.js';
import type { DataLossRecord } from '../model/recovery/backups.js';
import type { FailoverRecord } from '../model/recovery/db-failover.js';
import type { DrpRecord } from '../model/recovery/drp-site.js';
import type { IpFailoverRecord } from '../model/recovery/ip-failover.js';
import { confidenceInterval } from '../stats/confidence.js';
import { r } from './summary/numbers.js';

export type { DataLossRecord, DrpRecord, FailoverRecord, IpFailoverRecord };

export interface DatabaseRecoveryResult {
  failovers: FailoverRecord[];
  dataLoss: DataLossRecord[];
}

export interface RecoveryResult {
  ipFailovers: IpFailoverRecord[];
  drp: DrpRecord[];
}

/** Copies, so a record can leave the worker (and not change after). */
export function databaseRecoveryOf(model: BuiltModel, tierIndex: number): DatabaseRecoveryResult {
  return {
    failovers: (model.recovery.failovers[tierIndex]?.records ?? []).map((r) => ({ ...r })),
    dataLoss: (model.recovery.backups[tierIndex]?.records ?? []).map((r) => ({ ...r })),
  };
}

export function recoveryOf(model: BuiltModel): RecoveryResult {
  return {
    ipFailovers: model.recovery.ipFailovers.flatMap((f) => f.records.map((r) => ({ ...r }))),
    drp: model.recovery.drps.flatMap((d) => d.records.map((r) => ({ ...r, servers: [...r.servers] }))),
  };
}

export interface MeanCI {
  mean: number | null;
  /** 95% half-width over the records (Student t); null with fewer than two. */
  halfWidth95: number | null;
}

function meanCI(values: number[], digits: number): MeanCI {
  if (values.length === 0) return { mean: null, halfWidth95: null };
  const ci = confidenceInterval(values, 0.95);
  return { mean: r(ci.mean, digits), halfWidth95: Number.isFinite(ci.halfWidth) ? r(ci.halfWidth, digits) : null };
}

/** Failovers of one database tier pooled over every replication. */
export interface FailoverStats {
  /** Failovers over all replications (promotions that happened). */
  count: number;
  /** Master failures detected where no slave could be promoted. */
  notPromoted: number;
  writesLost: MeanCI;
  rpoSeconds: MeanCI;
  rtoSeconds: MeanCI;
}

export function failoverStats(perReplication: FailoverRecord[][]): FailoverStats {
  const all = perReplication.flat();
  const done = all.filter((r) => r.promotedSeconds !== null);
  return {
    count: done.length,
    notPromoted: all.length - done.length,
    writesLost: meanCI(done.map((r) => r.writesLost), 3),
    rpoSeconds: meanCI(done.map((r) => r.rpoSeconds), 6),
    rtoSeconds: meanCI(done.map((r) => r.rtoSeconds!), 3),
  };
}
