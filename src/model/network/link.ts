import type { Distribution } from '../../rng/distributions.js';
import type { RandomStream } from '../../rng/stream.js';
import type { FairShare } from './fair-share.js';

/** Linux TCP_RTO_MAX: the retransmission timeout stops doubling at 120 s. */
export const MAX_RETRANSMIT_TIMEOUT_SECONDS = 120;

/** What a link does besides latency and bandwidth (all optional, for code that builds links directly). */
export interface LinkOptions {
  /** Probability that one transmission of a message is lost, in [0, 0.5]. Default 0. */
  loss?: number;
  /** TCP's first retransmission timeout [s] (Linux TCP_RTO_MIN: 0.2). Default 0.2. */
  retransmitTimeoutSeconds?: number;
  /** How long a connect attempt across the link hangs while it is partitioned before it fails [s]. Default 5. */
  connectTimeoutSeconds?: number;
}

/**
 * A network link between two sites (the vRack between SBG and RBX): a
 * one-way latency (a distribution, or a constant) and a bandwidth shared by
 * everything that crosses it in one direction (requests, responses, the
 * replication stream). Transmissions in one direction are serialised FIFO —
 * a message waits for the ones before it, then takes size/bandwidth, then
 * the propagation latency — so a saturated link shows up as latency.
 *
 * No event is needed: given the send time, the arrival time follows from
 * the Lindley recursion on the direction's "free at" time, computed when the
 * message is sent.
 *
 * Loss: each transmission of a message is lost with probability `loss`,
 * independently; TCP resends it after the retransmission timeout, which
 * doubles at each further loss of the same message (RTO, 2·RTO, 4·RTO, …,
 * capped at 120 s). Loss therefore shows as latency, never as a failure:
 * with K losses (P(K = k) = p^k (1 − p)) the extra delay is RTO·(2^K − 1),
 * whose mean is RTO·p/(1 − 2p) for p < 1/2 (E[2^K] = (1 − p)/(1 − 2p)).
 * Simplification: a resend does not occupy the link's bandwidth again, and
 * only the lost message waits (each request has its own connection; the
 * replication stream's ordering is kept by its channel).
 *
 * Partition: while `partitioned`, nothing new gets across (see
 * `RequestFlow.cross` and `ReplicationChannel`); messages already sent
 * arrive as computed. The flag is read only where a crossing already
 * happens, never on the same-site path.
 */
export class Link {
  readonly siteA: number;
  readonly siteB: number;
  private readonly latency: Distribution;
  /** Bits per second; Infinity = latency only. */
  readonly bandwidthBps: number;
  readonly loss: number;
  readonly retransmitTimeoutSeconds: number;
  readonly connectTimeoutSeconds: number;
  /** Cut by an incident: nothing new crosses. */
  partitioned = false;
  /** Incidents currently cutting the link (two may overlap). */
  cuts = 0;
  // When each direction finishes its current transmissions [s]: 0 = A→B, 1 = B→A.
  private freeAtAB = 0;
  private freeAtBA = 0;
  /** Bits sent since the last reset, per direction (for utilisation). */
  bitsAB = 0;
  bitsBA = 0;
  private readonly healListeners: Array<(nowSeconds: number) => void> = [];
  /**
   * Fair sharing (`sharing: "fair"`): one processor-sharing pipe per
   * direction carries the requests' and responses' crossings (see
   * RequestFlow.cross); undefined for a FIFO link. `send` (replication
   * streams, object-store writes) stays FIFO among its own messages.
   */
  pipeAB: FairShare | undefined = undefined;
  pipeBA: FairShare | undefined = undefined;
  /** Loops of a redundant link (count > 1), the same array on each; undefined for a single link. */
  loops: Link[] | undefined = undefined;
  /** Redundant link, on its first loop: the loop the next crossing tries first. */
  loopTurn = 0;

  constructor(siteA: number, siteB: number, latency: Distribution, bandwidthBps: number, options: LinkOptions = {}) {
    this.siteA = siteA;
    this.siteB = siteB;
    this.latency = latency;
    this.bandwidthBps = bandwidthBps;
    this.loss = options.loss ?? 0;
    this.retransmitTimeoutSeconds = options.retransmitTimeoutSeconds ?? 0.2;
    this.connectTimeoutSeconds = options.connectTimeoutSeconds ?? 5;
  }

  /** Mean one-way latency [s]. */
  get meanLatencySeconds(): number {
    return this.latency.mean;
  }

  /**
   * Send `bytes` from `fromSite` at `nowSeconds`; returns the arrival time
   * at the other end [s].
   */
  send(fromSite: number, nowSeconds: number, bytes: number, rng: RandomStream): number {
    const txSeconds = this.bandwidthBps === Infinity ? 0 : (bytes * 8) / this.bandwidthBps;
    let done: number;
    if (fromSite === this.siteA) {
      done = (this.freeAtAB > nowSeconds ? this.freeAtAB : nowSeconds) + txSeconds;
      this.freeAtAB = done;
      this.bitsAB += bytes * 8;
    } else {
      done = (this.freeAtBA > nowSeconds ? this.freeAtBA : nowSeconds) + txSeconds;
      this.freeAtBA = done;
      this.bitsBA += bytes * 8;
    }
    if (this.loss > 0) done += this.retransmissionDelay(rng);
    return done + this.latency.sample(rng);
  }

  /** The pipe that carries a crossing from `fromSite` (fair sharing only). */
  pipeFrom(fromSite: number): FairShare {
    return (fromSite === this.siteA ? this.pipeAB : this.pipeBA)!;
  }

  /** After a fair transfer is through: TCP resends (loss), then the propagation latency [s]. */
  afterTransfer(rng: RandomStream): number {
    return (this.loss > 0 ? this.retransmissionDelay(rng) : 0) + this.latency.sample(rng);
  }

  /** Extra delay of TCP retransmissions: RTO·(2^K − 1) with K losses (capped per attempt at 120 s). */
  private retransmissionDelay(rng: RandomStream): number {
    let delay = 0;
    let rto = this.retransmitTimeoutSeconds;
    while (rng.next() < this.loss) {
      delay += rto;
      rto = Math.min(2 * rto, MAX_RETRANSMIT_TIMEOUT_SECONDS);
    }
    return delay;
  }

  /** Call `listener(now)` each time the link heals after a partition (in registration order). */
  onHeal(listener: (nowSeconds: number) => void): void {
    this.healListeners.push(listener);
  }

  /** @internal Used by LinkTable.partition. */
  healed(nowSeconds: number): void {
    for (const l of this.healListeners) l(nowSeconds);
  }
}

/**
 * Links by (site, site), built once; same-site lookups answer undefined.
 * Also which sites can still talk while links are partitioned: the
 * connected components of the site graph, recomputed at each cut or heal
 * (sites with no declared link talk over the Internet: always connected).
 */
export class LinkTable {
  private readonly bySitePair: Array<Link | undefined>;
  /** Some link is partitioned now. */
  anyPartitioned = false;
  /** Site → component id (all 0 while no link is partitioned). */
  readonly componentOf: Int32Array;

  constructor(
    private readonly siteCount: number,
    private readonly links: readonly Link[],
  ) {
    this.bySitePair = new Array(siteCount * siteCount).fill(undefined);
    for (const l of links) {
      const first = this.bySitePair[l.siteA * siteCount + l.siteB];
      if (first !== undefined) {
        // A second loop between the same sites: the pair keeps its first loop, which lists them all.
        first.loops ??= [first];
        first.loops.push(l);
        l.loops = first.loops;
        continue;
      }
      this.bySitePair[l.siteA * siteCount + l.siteB] = l;
      this.bySitePair[l.siteB * siteCount + l.siteA] = l;
    }
    this.componentOf = new Int32Array(siteCount);
  }

  between(a: number, b: number): Link | undefined {
    return this.bySitePair[a * this.siteCount + b];
  }

  /**
   * The link a new crossing between a and b takes: a single link, or the
   * next loop not cut of a redundant one, in turn (the load splits evenly;
   * with one loop cut, the others carry everything). All cut: the first.
   */
  pick(a: number, b: number): Link | undefined {
    const first = this.bySitePair[a * this.siteCount + b];
    if (first === undefined || first.loops === undefined) return first;
    const loops = first.loops;
    for (let k = 0; k < loops.length; k++) {
      const i = (first.loopTurn + k) % loops.length;
      if (!loops[i]!.partitioned) {
        first.loopTurn = (i + 1) % loops.length;
        return loops[i]!;
      }
    }
    return first;
  }

  /** Whether some link between a and b (some loop) is not cut. */
  private open(a: number, b: number): boolean {
    const first = this.between(a, b);
    if (first === undefined) return true;
    return first.loops === undefined ? !first.partitioned : first.loops.some((l) => !l.partitioned);
  }

  /** Whether sites a and b can talk (directly or through other sites). */
  connected(a: number, b: number): boolean {
    return this.componentOf[a] === this.componentOf[b];
  }

  /** An incident cuts (`on`) or stops cutting the link at `nowSeconds`; heal listeners run when the last cut ends. */
  partition(link: Link, on: boolean, nowSeconds: number): void {
    link.cuts += on ? 1 : -1;
    const was = link.partitioned;
    link.partitioned = link.cuts > 0;
    this.anyPartitioned = this.links.some((l) => l.partitioned);
    this.recomputeComponents();
    if (was && !link.partitioned) link.healed(nowSeconds);
  }

  private recomputeComponents(): void {
    const n = this.siteCount;
    const comp = this.componentOf;
    comp.fill(-1);
    let next = 0;
    for (let s = 0; s < n; s++) {
      if (comp[s] !== -1) continue;
      // Flood fill over pairs that are not cut.
      comp[s] = next;
      const stack = [s];
      while (stack.length > 0) {
        const a = stack.pop()!;
        for (let b = 0; b < n; b++) {
          if (comp[b] !== -1 || b === a) continue;
          if (this.open(a, b)) {
            comp[b] = next;
            stack.push(b);
          }
        }
      }
      next++;
    }
  }
}
