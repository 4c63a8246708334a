import type { Distribution } from '../../rng/distributions.js';
import type { RandomStream } from '../../rng/stream.js';

/**
 * A Galera (MariaDB / Percona XtraDB) cluster: virtually synchronous
 * multi-master. Every commit is broadcast to the group and certified before
 * it returns, so its latency includes a round trip to the farthest member
 * of the primary component; and the cluster only serves while the members
 * that are up hold more than half of the votes (quorum). Arbitrators
 * (garbd) vote but hold no data: Wimi's 3 data nodes + 2 arbitrators keep
 * quorum (3 of 5 votes) after any two failures.
 *
 * Partitions: while a link is cut, the members form components (sites that
 * can still talk over links that are not cut; members of one site always
 * talk). Only a component holding more than half of all votes stays primary;
 * members outside it refuse reads and writes (`inPrimary`), and a commit's
 * round trip only reaches the members of its own component.
 *
 * Flow control (with an apply time): every data node applies every write
 * set in order (a FIFO applier, `applyTime` ÷ its speed, after the one-way
 * latency from the writer's site); a commit waits until every node up in
 * its component has at most `limit` write sets queued (gcs.fc_limit), so
 * the cluster goes as fast as its slowest applier. Computed by Lindley
 * recursions when the write set is sent (the local commit done): no event
 * per write set; the paused writer resumes by one event (`CommitPause`).
 *
 * Certification conflicts: `Database` aborts a commit with a probability
 * and retries it (wsrep_retry_autocommit) before failing it (`conflict`).
 *
 * Simplifications (documented): the wait is decided when the write set is
 * sent (later ones do not delay it further), and the paused writer does
 * not keep its worker slot; conflicts are
 * independent draws, not derived from which rows concurrent writes touch.
 */
export interface GaleraMember {
  name: string;
  site: number;
  /** Votes (pc.weight), default 1. */
  weight: number;
  /** Arbitrators vote but serve no requests. */
  arbitrator: boolean;
  up: boolean;
  /** Apply speed factor (data nodes: the server's speed). Default 1. */
  speed?: number;
}

/** Which sites can talk now (a LinkTable). */
export interface SiteConnectivity {
  /** Some link is cut. */
  readonly anyPartitioned: boolean;
  connected(a: number, b: number): boolean;
}

const FULLY_CONNECTED: SiteConnectivity = { anyPartitioned: false, connected: () => true };

export class GaleraCluster {
  readonly members: GaleraMember[];
  private readonly totalWeight: number;

  constructor(
    members: GaleraMember[],
    /** One-way latency between two sites [s] (0 within a site). */
    private readonly oneWaySeconds: (a: number, b: number) => number,
    /** Certification and local commit work added to every write [s]. */
    private readonly certificationSeconds: number,
    private readonly sites: SiteConnectivity = FULLY_CONNECTED,
  ) {
    this.members = members;
    this.totalWeight = members.reduce((a, m) => a + m.weight, 0);
  }

  /** Every data node was down at once: no primary component until a manual bootstrap (GaleraBootstrap). */
  lostWhole = false;

  private flowControl: { applyTime: Distribution; limit: number } | undefined;
  /** Per member: when its applier finishes the write sets it has [s]. */
  private applyFreeAt: Float64Array = new Float64Array(0);

  /** Turn flow control on: each data node applies every write set in `applyTime` ÷ its speed. */
  enableFlowControl(applyTime: Distribution, limit: number): void {
    this.flowControl = { applyTime, limit };
    this.applyFreeAt = new Float64Array(this.members.length);
  }

  /**
   * Flow control: a write set certified at `nowSeconds` from `site` joins
   * every data node's apply queue; the writer waits until the longest of
   * those queues (in its component) is down to `limit` write sets [s].
   */
  flowControlWaitSeconds(site: number, nowSeconds: number, rng: RandomStream): number {
    const fc = this.flowControl;
    if (fc === undefined) return 0;
    let wait = 0;
    const members = this.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.arbitrator || !m.up || !this.sites.connected(site, m.site)) continue;
      const speed = m.speed ?? 1;
      const arrive = nowSeconds + this.oneWaySeconds(site, m.site);
      const freeAt = this.applyFreeAt[i]!;
      const start = freeAt > arrive ? freeAt : arrive;
      this.applyFreeAt[i] = start + fc.applyTime.sample(rng) / speed;
      // Queued ahead of it, in write sets ≈ backlog ÷ mean apply time; beyond `limit` the writer waits for the drain.
      const excess = start - arrive - (fc.limit * fc.applyTime.mean) / speed;
      if (excess > wait) wait = excess;
    }
    return wait;
  }

  /** Some link is cut: ask `inPrimary` for the node chosen. */
  get partitioned(): boolean {
    return this.sites.anyPartitioned;
  }

  /** Votes of the members up in the component of `site`. */
  private componentWeight(site: number): number {
    let w = 0;
    for (const m of this.members) if (m.up && this.sites.connected(site, m.site)) w += m.weight;
    return w;
  }

  /** Whether a node in `site` belongs to the primary component (it serves). */
  inPrimary(site: number): boolean {
    return 2 * this.componentWeight(site) > this.totalWeight;
  }

  /** Votes of the members that are up. */
  upWeight(): number {
    let w = 0;
    for (const m of this.members) if (m.up) w += m.weight;
    return w;
  }

  /** The primary component exists: strictly more than half of all votes are up (and, under a partition, can talk). */
  hasQuorum(): boolean {
    if (this.lostWhole) return false;
    if (!this.sites.anyPartitioned) return 2 * this.upWeight() > this.totalWeight;
    for (const m of this.members) if (m.up && this.inPrimary(m.site)) return true;
    return false;
  }

  /**
   * Extra latency of a commit issued at a node in `site` [s]: the group
   * round trip to the farthest member that is up, plus certification.
   */
  commitDelaySeconds(site: number): number {
    let farthest = 0;
    for (const m of this.members) {
      if (!m.up || !this.sites.connected(site, m.site)) continue;
      const d = this.oneWaySeconds(site, m.site);
      if (d > farthest) farthest = d;
    }
    return 2 * farthest + this.certificationSeconds;
  }
}
