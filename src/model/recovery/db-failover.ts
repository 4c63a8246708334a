import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { ResolvedFailover } from '../../scenario/resolved-recovery.js';
import type { WeightedRoundRobin } from '../balancers/weighted-round-robin.js';
import type { Database } from '../data/database.js';
import type { CheckedBackend } from '../network/health-checker.js';
import type { Server } from '../stations/server.js';

const PROMOTE = 0;
const SWITCH_WEIGHTS = 1;
const REJOIN = 2;

/** One failover of an async master, for the summary (and the generic incident records). */
export interface FailoverRecord {
  tier: string;
  oldMaster: string;
  /** The slave promoted; null when no live slave could be. */
  newMaster: string | null;
  /** When the master died [s]. */
  failedAtSeconds: number;
  /** When the monitor declared it down [s]. */
  detectedSeconds: number;
  /** When the new master took writes [s]; null if none was promoted. */
  promotedSeconds: number | null;
  /** Writes the master had committed that the promoted slave had not received when it died: lost. */
  writesLost: number;
  /** Achieved recovery point: death time − commit time of the oldest lost write [s] (0: nothing lost). */
  rpoSeconds: number;
  /** Recovery time: promotion − death [s]; null if none was promoted. */
  rtoSeconds: number | null;
  /** When the LB weights were switched through the API [s]; null if none are (or not yet). */
  weightsSwitchedSeconds: number | null;
  /** Replication delay of the last write the promoted slave got before the failure [ms]. */
  lagAtFailureMs: number | null;
  /** When the old master, repaired and resynchronised, rejoined as a slave [s]; null if not within the run. */
  oldMasterRejoinedSeconds: number | null;
}

/**
 * Automatic failover of an asynchronous MySQL master (the ERP's script):
 *
 * 1. a monitor (a HealthChecker over every database server, run by the
 *    monitoring VPS) declares the master down;
 * 2. after `promotion`, the live slave that had received the most writes
 *    becomes master; the writes it had not received when the master died
 *    are lost; the other live slaves replicate from it;
 * 3. optionally, after `apiDelay`, the LB weights of a tier are switched
 *    (ERP: 60/40 → 40/60), and they stay so "until the next incident";
 * 4. a server the monitor sees come back (the old master repaired, or a
 *    slave) is resynchronised for `resync`, then rejoins as a slave.
 *
 * Writes between the death and the promotion fail: refused until
 * detection, no backend after. Reads go to the live servers meanwhile.
 * Everything happens on rare events; the request path is untouched.
 */
export class DatabaseFailover implements Component {
  readonly records: FailoverRecord[] = [];
  /** Per server: 1 while it is out (seen down, or back but not yet resynchronised). */
  private readonly out: Uint8Array;
  /** The monitor's view of each server (its `up` is the monitor's belief). */
  readonly views: CheckedBackend[];
  private pending: FailoverRecord | undefined;
  private streams = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly tierName: string,
    private readonly spec: ResolvedFailover,
    private readonly db: Database,
    private readonly servers: readonly Server[],
    /** The balancer whose weights the API call changes, if any. */
    private readonly weighted: WeightedRoundRobin | undefined,
  ) {
    this.out = new Uint8Array(servers.length);
    this.views = servers.map((s) => ({
      get alive() {
        return s.alive;
      },
      up: true,
    }));
  }

  /** The monitor's verdict on server `i` (the HealthChecker's onChange). */
  onMonitor(i: number, up: boolean): void {
    const now = this.ctx.now;
    const server = this.servers[i]!;
    if (!up) {
      this.out[i] = 1;
      server.up = false;
      this.db.detachSlave(i);
      if (i === this.db.masterIndex && this.pending === undefined) {
        this.pending = {
          tier: this.tierName,
          oldMaster: server.spec.name,
          newMaster: null,
          failedAtSeconds: Number.isNaN(server.diedAtSeconds) ? now : server.diedAtSeconds,
          detectedSeconds: now,
          promotedSeconds: null,
          writesLost: 0,
          rpoSeconds: 0,
          rtoSeconds: null,
          weightsSwitchedSeconds: null,
          lagAtFailureMs: null,
          oldMasterRejoinedSeconds: null,
        };
        this.records.push(this.pending);
        this.ctx.schedule(this.spec.promotionSeconds, PROMOTE, this.records.length - 1);
      }
      return;
    }
    if (this.out[i] === 0) return;
    // Back up. The master itself (no slave could be promoted) resumes at once:
    // nothing to catch up. During a pending promotion, the promotion decides.
    if (i === this.db.masterIndex) {
      if (this.pending !== undefined) return;
      this.out[i] = 0;
      server.up = true;
      return;
    }
    this.ctx.schedule(this.spec.resyncSeconds, REJOIN, i);
  }

  handle(kind: number, arg: number): void {
    if (kind === PROMOTE) this.promote(this.records[arg]!, arg);
    else if (kind === SWITCH_WEIGHTS) this.switchWeights(this.records[arg]!);
    else this.rejoin(arg);
  }

  private promote(record: FailoverRecord, recordIndex: number): void {
    this.pending = undefined;
    const db = this.db;
    const old = db.masterIndex;
    const died = record.failedAtSeconds;
    // The live slave that had received the most: fewest writes lost.
    let best = -1;
    let bestLost = Infinity;
    for (let i = 0; i < this.servers.length; i++) {
      const ch = db.channels[i];
      if (i === old || ch === undefined || this.out[i] === 1 || !this.servers[i]!.alive) continue;
      const lost = ch.notReceivedAt(died);
      if (lost < bestLost) {
        best = i;
        bestLost = lost;
      }
    }
    if (best < 0) {
      // No slave to promote: the master comes back as master when repaired.
      if (this.views[old]!.up && this.servers[old]!.alive) this.onMonitor(old, true);
      return;
    }
    const ch = db.channels[best]!;
    const oldest = ch.oldestNotReceivedCommitAt(died);
    record.writesLost = bestLost;
    record.rpoSeconds = Number.isNaN(oldest) ? 0 : died - oldest;
    record.lagAtFailureMs = ch.writes > 0 ? ch.lastDelaySeconds * 1000 : null;
    record.newMaster = this.servers[best]!.spec.name;
    record.promotedSeconds = this.ctx.now;
    record.rtoSeconds = this.ctx.now - died;
    db.promote(best, (i) => this.out[i] === 1 || !this.servers[i]!.alive, `f${this.streams++}`);
    this.servers[best]!.up = true;
    if (this.spec.weights !== undefined && this.weighted !== undefined) this.ctx.schedule(this.spec.weights.apiDelaySeconds, SWITCH_WEIGHTS, recordIndex);
    // The old master may already be back (a short outage): it resynchronises as a slave.
    if (this.views[old]!.up) this.ctx.schedule(this.spec.resyncSeconds, REJOIN, old);
  }

  private switchWeights(record: FailoverRecord): void {
    this.spec.weights!.weightByServer.forEach((w, i) => this.weighted!.setWeight(i, w));
    record.weightsSwitchedSeconds = this.ctx.now;
  }

  private rejoin(i: number): void {
    // Died again, or already in, or the master: nothing to do.
    if (this.out[i] === 0 || !this.servers[i]!.alive || !this.views[i]!.up || i === this.db.masterIndex) return;
    this.out[i] = 0;
    this.db.attachSlave(i, `r${this.streams++}`);
    this.servers[i]!.up = true;
    const name = this.servers[i]!.spec.name;
    for (const r of this.records) if (r.oldMaster === name && r.newMaster !== null && r.oldMasterRejoinedSeconds === null) r.oldMasterRejoinedSeconds = this.ctx.now;
  }
}
