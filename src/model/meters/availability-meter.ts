import type { Clock } from '../../engine/clock.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';
import type { Database } from '../data/database.js';

/** A class as the meter needs it. */
export interface MeteredClass {
  /** Share of arrivals (sums to 1). */
  share: number;
  /** Tier indices in visiting order. */
  path: readonly number[];
  write: boolean;
}

export interface TimeAvailability {
  /** Time-average of the servable fraction of traffic over the measured window (0..1). */
  time: number;
  /** Measured time during which nothing could be served [s]. */
  fullOutageSeconds: number;
  /** Measured time during which part of the traffic could not be served [s]. */
  degradedSeconds: number;
}

/**
 * Availability by time: at every instant, the fraction of arriving
 * requests that the infrastructure's state would serve — each class's
 * share times, along its path, the share of the tier's traffic that its
 * balancer sends to a live server (0 when the balancer is down, or a
 * Galera cluster has no quorum, or a write's master is dead). A server that
 * is dead but still believed up (not yet detected) keeps its share and
 * counts as failing it; a detected one is left out. The meter integrates
 * that fraction between state changes, so it is exact for the model's
 * routing and costs nothing per request: it is recomputed only when a
 * server dies or comes back, a check changes its mind, or a balancer fails.
 *
 * It ignores queue-full rejections and timeouts (load, not state: those are
 * in availability by requests). Least-connections and power-of-two are
 * treated like round-robin here, although a dead server that refuses fast
 * attracts more than its share under them.
 */
export class AvailabilityMeter implements StateWatch {
  private value = 1;
  private lastSeconds = 0;
  private area = 0;
  private zeroSeconds = 0;
  private degradedSeconds = 0;
  private tiers: readonly Tier[] = [];
  /** By tier index. */
  private databases: ReadonlyArray<Database | undefined> = [];
  /** Scratch: probability of each site for the request's current position. */
  private readonly siteShare: Float64Array;
  private readonly nextShare: Float64Array;

  constructor(
    private readonly clock: Clock,
    private readonly fromSeconds: number,
    private readonly classes: readonly MeteredClass[],
    siteCount: number,
  ) {
    this.siteShare = new Float64Array(siteCount);
    this.nextShare = new Float64Array(siteCount);
  }

  connect(tiers: readonly Tier[], databases: ReadonlyArray<Database | undefined>): void {
    this.tiers = tiers;
    this.databases = databases;
    this.value = this.compute();
  }

  changed(): void {
    this.integrate(this.clock.now);
    this.value = this.compute();
  }

  finish(endSeconds: number): TimeAvailability {
    this.integrate(endSeconds);
    const span = endSeconds - this.fromSeconds;
    return {
      time: span > 0 ? this.area / span : 1,
      fullOutageSeconds: this.zeroSeconds,
      degradedSeconds: this.degradedSeconds,
    };
  }

  /** ∫ servable fraction dt over [measure start, nowSeconds] [s]; reads only (the window meter), `now` not before the last change. */
  integral(nowSeconds: number): number {
    const from = this.lastSeconds > this.fromSeconds ? this.lastSeconds : this.fromSeconds;
    return nowSeconds > from ? this.area + this.value * (nowSeconds - from) : this.area;
  }

  private integrate(now: number): void {
    const from = this.lastSeconds > this.fromSeconds ? this.lastSeconds : this.fromSeconds;
    if (now > from) {
      const dt = now - from;
      this.area += this.value * dt;
      if (this.value <= 0) this.zeroSeconds += dt;
      else if (this.value < 1 - 1e-12) this.degradedSeconds += dt;
    }
    if (now > this.lastSeconds) this.lastSeconds = now;
  }

  private compute(): number {
    let total = 0;
    for (const k of this.classes) total += k.share * this.classFraction(k);
    return total;
  }

  private classFraction(k: MeteredClass): number {
    let fraction = 1;
    // Unknown site before the first tier: a database tier first in a path routes as if from anywhere.
    let siteKnown = false;
    for (const ti of k.path) {
      const tier = this.tiers[ti]!;
      if (!tier.balancerUp) return 0;
      const db = this.databases[ti];
      const f = db !== undefined ? this.databaseFraction(tier, db, k.write, siteKnown) : this.balancedFraction(tier);
      if (f <= 0) return 0;
      fraction *= f;
      siteKnown = true;
    }
    return fraction;
  }

  /** Share of the tier's traffic sent to live servers; fills `siteShare` with where the served requests are. */
  private balancedFraction(tier: Tier): number {
    const share = this.siteShare;
    share.fill(0);
    let believed = 0;
    let live = 0;
    tier.servers.forEach((s, i) => {
      if (!s.up) return;
      const w = tier.routingWeight(i);
      believed += w;
      if (s.alive) {
        live += w;
        share[s.spec.siteIndex]! += w;
      }
    });
    if (!(believed > 0) || !(live > 0)) return 0;
    for (let i = 0; i < share.length; i++) share[i]! /= live;
    return live / believed;
  }

  /** Databases route by site (reads, Galera, master–master, object storage) or to the master (async writes). */
  private databaseFraction(tier: Tier, db: Database, write: boolean, siteKnown: boolean): number {
    const servers = tier.servers;
    if (db.unavailable || (db.galera !== undefined && !db.galera.hasQuorum())) return 0;
    const next = this.nextShare;
    next.fill(0);
    // Object storage: a PUT needs a write quorum of live replicas; then it is routed like a read.
    if (write && db.store !== undefined && !db.store.writable) return 0;
    if (write && db.kind === 'async') {
      const m = servers[db.masterIndex]!;
      if (!(m.up && m.alive)) return 0;
      next[m.spec.siteIndex] = 1;
      this.siteShare.set(next);
      return 1;
    }
    // Without a local server that is up, a request rotates over the servers that are up.
    let up = 0;
    let upAlive = 0;
    for (const s of servers) {
      if (!s.up) continue;
      up++;
      if (s.alive) upAlive++;
    }
    if (up === 0 || upAlive === 0) return 0;
    const rotating = upAlive / up;
    let fraction = 0;
    const from = this.siteShare;
    for (let site = 0; site < from.length; site++) {
      const p = siteKnown ? from[site]! : 1 / from.length;
      if (p === 0) continue;
      // A Galera node cut off from the primary component by a partition refuses everything.
      if (db.galera !== undefined && !db.galera.inPrimary(site)) continue;
      // The site's servers that are up share its requests in turn.
      let localUp = 0;
      let localAlive = 0;
      for (const s of servers) {
        if (!s.up || s.spec.siteIndex !== site) continue;
        localUp++;
        if (s.alive) localAlive++;
      }
      if (localUp > 0) {
        fraction += (p * localAlive) / localUp;
        next[site]! += (p * localAlive) / localUp;
      } else {
        // Served elsewhere: where exactly does not matter to the tiers after it here.
        fraction += p * rotating;
        next[site]! += p * rotating;
      }
    }
    this.siteShare.set(next);
    return fraction;
  }
}
