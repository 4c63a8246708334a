import type { Distribution } from '../rng/distributions.js';
import type { RandomStream } from '../rng/stream.js';

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
 */
export class Link {
  readonly siteA: number;
  readonly siteB: number;
  private readonly latency: Distribution;
  /** Bits per second; Infinity = latency only. */
  readonly bandwidthBps: number;
  // When each direction finishes its current transmissions [s]: 0 = A→B, 1 = B→A.
  private freeAtAB = 0;
  private freeAtBA = 0;
  /** Bits sent since the last reset, per direction (for utilisation). */
  bitsAB = 0;
  bitsBA = 0;

  constructor(siteA: number, siteB: number, latency: Distribution, bandwidthBps: number) {
    this.siteA = siteA;
    this.siteB = siteB;
    this.latency = latency;
    this.bandwidthBps = bandwidthBps;
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
    return done + this.latency.sample(rng);
  }
}

/** Links by (site, site), built once; same-site lookups answer undefined. */
export class LinkTable {
  private readonly bySitePair: Array<Link | undefined>;
  constructor(
    private readonly siteCount: number,
    links: readonly Link[],
  ) {
    this.bySitePair = new Array(siteCount * siteCount).fill(undefined);
    for (const l of links) {
      this.bySitePair[l.siteA * siteCount + l.siteB] = l;
      this.bySitePair[l.siteB * siteCount + l.siteA] = l;
    }
  }

  between(a: number, b: number): Link | undefined {
    return this.bySitePair[a * this.siteCount + b];
  }
}
