import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedBackups } from '../../scenario/resolved-recovery.js';
import type { Database } from '../data/database.js';
import { backupCopies, restorePoint, type BackupCopy } from './backup-copies.js';

const SNAPSHOT = 0;
const DESTROY = 1;
const RESTORED = 2;

/** What an incident that destroyed (or corrupted) a database's data cost, for the summary. */
export interface DataLossRecord {
  tier: string;
  /** The incident that destroyed the data: its description and target (as its incident record names it). */
  incident: string;
  target: string;
  /** When the data was destroyed, or went bad (a corruption) [s]. */
  atSeconds: number;
  /** The start of the copy restored (the data it holds is as of then) [s]; null if none was usable. */
  lastBackupSeconds: number | null;
  lastBackupKind: 'incremental' | 'full' | null;
  /** Achieved recovery point: incident (or corruption) − the copy's start [s] (the whole run so far when there was none). */
  rpoSeconds: number;
  /** Writes the master committed between the copy's start and the incident (a corruption: its notice): lost. */
  writesLost: number;
  /** Usable copies still within their retention (restore points to choose from). */
  restorePointsAvailable: number;
  /** When the restore was decided: incident + `detection`, or a corruption's notice [s]. */
  detectedSeconds: number;
  /** dataSize ÷ restoreThroughput [s]. */
  restoreSeconds: number;
  /** Incrementals since the last full copy × replayPerIncremental [s]. */
  replaySeconds: number;
  restoredSeconds: number;
  /** Recovery time: restored − incident (a corruption: restored − notice, the database served meanwhile) [s]. */
  rtoSeconds: number;
  /** A corruption: the span of writes rolled back, from the copy's start to the notice [s]. */
  lostSpanSeconds?: number;
}

/** One data-destroying incident or corruption this tier's backups answer. */
interface Hit {
  atSeconds: number;
  description: string;
  target: string;
  /** A corruption noticed at this time (the database serves bad data until then); undefined: destroyed at once. */
  noticedSeconds?: number;
}

/**
 * Backups of one database tier (the ERP's hourly Bacula copies to a So you
 * Start server, the University's Veeam jobs) and the incidents that destroy
 * or corrupt its data.
 *
 * A copy holds the data as of its start and is usable from its end
 * (`duration`); a job fails with `failureProbability` (drawn once per copy,
 * in time order, from the tier's own stream), and an incremental after a
 * failed copy is unusable until the next full (a broken chain). For an
 * incident at t the restore uses the latest usable copy finished by t; for a
 * corruption at c noticed at n, the latest usable copy started before c and
 * finished by n (the later ones hold bad data), still within its retention
 * at n. So the RPO counts from the corruption, and every write from the
 * copy's start to the notice is rolled back.
 *
 * The schedule and the draws are known at the start, so each hit's copy is
 * too: one event snapshots the master's commit counter at that copy's start,
 * one at the incident (or notice) computes the loss and makes the database
 * unavailable, one ends the restore.
 *
 * Simplifications: the restore needs no live server (the database is back at
 * `restored` if its servers are up); a copy's work does not load the
 * servers or the links; a corruption does not fail requests before it is
 * noticed.
 */
export class Backups implements Component {
  readonly records: DataLossRecord[] = [];
  private readonly commitsAtCopy: number[];
  private readonly copies: BackupCopy[];
  private readonly hits: Hit[];
  private restoring = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly tierName: string,
    private readonly spec: ResolvedBackups,
    private readonly db: Database,
    /** The incidents that destroy this tier's data: time, description and target. */
    incidents: ReadonlyArray<{ atSeconds: number; description: string; target: string }>,
    /** Draws the copies' failures (only used when a schedule can fail). */
    rng: () => RandomStream,
  ) {
    this.hits = [
      ...incidents,
      ...(spec.corruptions ?? []).map((c) => ({ atSeconds: c.atSeconds, description: c.description, target: `data of ${tierName}`, noticedSeconds: c.noticedSeconds })),
    ];
    this.commitsAtCopy = this.hits.map(() => 0);
    const until = this.hits.reduce((m, h) => Math.max(m, h.noticedSeconds ?? h.atSeconds), 0);
    this.copies = backupCopies(spec, until, spec.schedules.some((s) => (s.failureProbability ?? 0) > 0) ? rng() : undefined);
  }

  begin(): void {
    this.hits.forEach((hit, i) => {
      const copy = this.pointOf(hit).copy;
      if (copy !== undefined) this.ctx.scheduleAt(copy.at, SNAPSHOT, i);
    });
    this.hits.forEach((hit, i) => this.ctx.scheduleAt(hit.noticedSeconds ?? hit.atSeconds, DESTROY, i));
  }

  private pointOf(hit: Hit): ReturnType<typeof restorePoint> {
    return hit.noticedSeconds === undefined ? restorePoint(this.copies, hit.atSeconds, hit.atSeconds, true) : restorePoint(this.copies, hit.atSeconds, hit.noticedSeconds, false);
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
    const hit = this.hits[i]!;
    const now = this.ctx.now;
    const b = this.spec;
    const { copy, replayed, kept } = this.pointOf(hit);
    const restoreSeconds = (b.dataBytes * 8) / b.restoreBps;
    const replaySeconds = replayed * b.replayPerIncrementalSeconds;
    const detectedSeconds = hit.noticedSeconds ?? now + b.detectionSeconds;
    const restoredSeconds = detectedSeconds + restoreSeconds + replaySeconds;
    this.records.push({
      tier: this.tierName,
      incident: hit.description,
      target: hit.target,
      atSeconds: hit.atSeconds,
      lastBackupSeconds: copy?.at ?? null,
      lastBackupKind: copy?.kind ?? null,
      rpoSeconds: copy === undefined ? hit.atSeconds : hit.atSeconds - copy.at,
      writesLost: this.db.commits - (copy === undefined ? 0 : this.commitsAtCopy[i]!),
      restorePointsAvailable: kept,
      detectedSeconds,
      restoreSeconds,
      replaySeconds,
      restoredSeconds,
      rtoSeconds: restoredSeconds - now,
      ...(hit.noticedSeconds !== undefined ? { lostSpanSeconds: now - (copy?.at ?? 0) } : {}),
    });
    this.restoring++;
    this.db.unavailable = true;
    this.ctx.scheduleAt(restoredSeconds, RESTORED, i);
  }
}
