import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { ResolvedBackups } from '../../scenario/resolved-recovery.js';
import type { Database } from '../data/database.js';

const SNAPSHOT = 0;
const DESTROY = 1;
const RESTORED = 2;

/** What an incident that destroyed a database's data cost, for the summary. */
export interface DataLossRecord {
  tier: string;
  /** The incident that destroyed the data: its description and target (as its incident record names it). */
  incident: string;
  target: string;
  atSeconds: number;
  /** The last copy taken at or before the incident [s]; null if none had been. */
  lastBackupSeconds: number | null;
  lastBackupKind: 'incremental' | 'full' | null;
  /** Achieved recovery point: incident − last copy [s] (the whole run so far when there was none). */
  rpoSeconds: number;
  /** Writes the master committed between the last copy and the incident: lost. */
  writesLost: number;
  /** Copies still within their retention at the incident (restore points to choose from). */
  restorePointsAvailable: number;
  detectedSeconds: number;
  /** dataSize ÷ restoreThroughput [s]. */
  restoreSeconds: number;
  /** Incrementals since the last full copy × replayPerIncremental [s]. */
  replaySeconds: number;
  restoredSeconds: number;
  /** Recovery time: restored − incident [s]. */
  rtoSeconds: number;
}

/** The copies of a schedule-set: the latest at or before `t`, and how many are kept at `t`. */
export function lastCopyBefore(b: ResolvedBackups, t: number): { at: number; kind: 'incremental' | 'full' } | undefined {
  let best: { at: number; kind: 'incremental' | 'full' } | undefined;
  for (const s of b.schedules) {
    if (t < s.offsetSeconds) continue;
    const at = s.offsetSeconds + Math.floor((t - s.offsetSeconds) / s.everySeconds) * s.everySeconds;
    // At the same instant a full copy wins: nothing to replay after it.
    if (best === undefined || at > best.at || (at === best.at && s.kind === 'full')) best = { at, kind: s.kind };
  }
  return best;
}

/** Copies taken in (from, to] by the schedules of one kind. */
function copiesBetween(b: ResolvedBackups, kind: 'incremental' | 'full', from: number, to: number): number {
  let n = 0;
  for (const s of b.schedules) {
    if (s.kind !== kind || to < s.offsetSeconds) continue;
    const last = Math.floor((to - s.offsetSeconds) / s.everySeconds);
    const first = from < s.offsetSeconds ? 0 : Math.floor((from - s.offsetSeconds) / s.everySeconds) + 1;
    if (last >= first) n += last - first + 1;
  }
  return n;
}

/**
 * Backups of one database tier (the ERP's hourly Bacula copies to a So you
 * Start server) and the incidents that destroy its data. The schedule is
 * deterministic, so each incident's last good copy is known in advance: one
 * event snapshots the master's commit counter at that copy, one at the
 * incident computes the loss and makes the database unavailable, one ends
 * the restore.
 *
 * Simplifications: a copy is instantaneous and always good; the restore
 * needs no live server (the database is back at `restored` if its servers
 * are up); a full copy restores alone, each incremental after it adds
 * `replayPerIncremental`; with no full schedule every copy is a complete
 * snapshot (rsync with hard links).
 */
export class Backups implements Component {
  readonly records: DataLossRecord[] = [];
  private readonly commitsAtCopy: number[];
  private restoring = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly tierName: string,
    private readonly spec: ResolvedBackups,
    private readonly db: Database,
    /** The incidents that destroy this tier's data: time, description and target. */
    private readonly incidents: ReadonlyArray<{ atSeconds: number; description: string; target: string }>,
  ) {
    this.commitsAtCopy = incidents.map(() => 0);
  }

  begin(): void {
    this.incidents.forEach((inc, i) => {
      const copy = lastCopyBefore(this.spec, inc.atSeconds);
      if (copy !== undefined) this.ctx.scheduleAt(copy.at, SNAPSHOT, i);
    });
    this.incidents.forEach((inc, i) => this.ctx.scheduleAt(inc.atSeconds, DESTROY, i));
  }

  handle(kind: number, i: number): void {
    if (kind === SNAPSHOT) {
      this.commitsAtCopy[i] = this.db.commits;
      return;
    }
    if (kind === RESTORED) {
      if (--this.restoring === 0) this.db.unavailable = false;
      return;
    }
    const inc = this.incidents[i]!;
    const t = this.ctx.now;
    const b = this.spec;
    const copy = lastCopyBefore(b, t);
    const hasFull = b.schedules.some((s) => s.kind === 'full');
    let replayed = 0;
    if (copy !== undefined && hasFull && copy.kind === 'incremental') {
      const full = lastCopyBefore({ ...b, schedules: b.schedules.filter((s) => s.kind === 'full') }, t);
      replayed = copiesBetween(b, 'incremental', full === undefined ? -Infinity : full.at, copy.at);
    }
    let kept = 0;
    // A copy is kept while younger than its schedule's `keep`.
    for (const s of b.schedules) kept += copiesBetween({ ...b, schedules: [s] }, s.kind, t - s.keepSeconds, t);
    const restoreSeconds = (b.dataBytes * 8) / b.restoreBps;
    const replaySeconds = replayed * b.replayPerIncrementalSeconds;
    const detectedSeconds = t + b.detectionSeconds;
    const restoredSeconds = detectedSeconds + restoreSeconds + replaySeconds;
    this.records.push({
      tier: this.tierName,
      incident: inc.description,
      target: inc.target,
      atSeconds: t,
      lastBackupSeconds: copy?.at ?? null,
      lastBackupKind: copy?.kind ?? null,
      rpoSeconds: copy === undefined ? t : t - copy.at,
      writesLost: this.db.commits - (copy === undefined ? 0 : this.commitsAtCopy[i]!),
      restorePointsAvailable: kept,
      detectedSeconds,
      restoreSeconds,
      replaySeconds,
      restoredSeconds,
      rtoSeconds: restoredSeconds - t,
    });
    this.restoring++;
    this.db.unavailable = true;
    this.ctx.scheduleAt(restoredSeconds, RESTORED, i);
  }
}
