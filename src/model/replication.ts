import type { Distribution } from '../rng/distributions.js';
import type { RandomStream } from '../rng/stream.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import type { Link } from './link.js';

/**
 * Asynchronous MySQL master→slave replication, write by write.
 *
 * The master commits a write (a binlog event); the slave's IO thread
 * receives it over the link (FIFO transmission, shared bandwidth, then the
 * latency); the slave's single SQL thread applies events one at a time in
 * order, each taking `applyTime`. Everything is FIFO, so both times follow
 * from Lindley recursions at commit time, with no event per write.
 *
 * Measured: the replication delay of each write (applied − committed),
 * which can never be below the link latency and grows without bound while
 * writes arrive faster than the slave applies them; and, for data-loss
 * accounting, the writes committed but not yet received by the slave.
 */
export class ReplicationChannel {
  private applyFreeAt = 0;
  private lastReceived = 0;
  /** Receive times of writes that may still be in flight, in commit order (a ring). */
  private inFlight = new Float64Array(1024);
  /** Their commit times, same positions (for the RPO of a failover). */
  private committedAt = new Float64Array(1024);
  private head = 0;
  private count = 0;
  /** Replication delay per write [ms], writes committed after the warm-up. */
  readonly delayMs = new LatencyHistogram();
  writes = 0;
  private measureFrom = 0;
  /** Latest applied time handed out [s]: the slave is caught up at or after it. */
  lastAppliedAt = 0;
  /** Replication delay of the latest write (applied − committed) [s]. */
  lastDelaySeconds = 0;

  constructor(
    private readonly masterSite: number,
    private readonly link: Link | undefined,
    private readonly applyTime: Distribution,
    private readonly writeBytes: number,
    private readonly rng: RandomStream,
  ) {}

  setMeasureFrom(seconds: number): void {
    this.measureFrom = seconds;
  }

  /** The master committed a write at `nowSeconds`. */
  commit(nowSeconds: number): void {
    let received = this.link ? this.link.send(this.masterSite, nowSeconds, this.writeBytes, this.rng) : nowSeconds;
    // The binlog stream is one TCP connection: events arrive in commit order.
    if (received < this.lastReceived) received = this.lastReceived;
    this.lastReceived = received;
    this.forget(nowSeconds);
    const start = received > this.applyFreeAt ? received : this.applyFreeAt;
    const applied = start + this.applyTime.sample(this.rng);
    this.applyFreeAt = applied;
    this.lastAppliedAt = applied;
    this.lastDelaySeconds = applied - nowSeconds;
    this.writes++;
    if (nowSeconds >= this.measureFrom) this.delayMs.record((applied - nowSeconds) * 1000);
    this.remember(nowSeconds, received);
  }

  /** Writes committed at or before `nowSeconds` that the slave had not received by then: lost if the master dies now. */
  notReceivedAt(nowSeconds: number): number {
    this.forget(nowSeconds);
    let n = 0;
    for (let k = 0; k < this.count; k++) if (this.inFlight[(this.head + k) & (this.inFlight.length - 1)]! > nowSeconds) n++;
    return n;
  }

  /**
   * Commit time of the oldest write committed at or before `nowSeconds` that
   * the slave had not received by then (the achieved RPO is now minus it);
   * NaN when there is none.
   */
  oldestNotReceivedCommitAt(nowSeconds: number): number {
    this.forget(nowSeconds);
    const mask = this.inFlight.length - 1;
    // Receive times are not decreasing (FIFO): the writes not received form a suffix.
    for (let k = 0; k < this.count; k++) {
      const at = (this.head + k) & mask;
      if (this.inFlight[at]! > nowSeconds && this.committedAt[at]! <= nowSeconds) return this.committedAt[at]!;
    }
    return NaN;
  }

  private remember(commit: number, received: number): void {
    if (this.count === this.inFlight.length) this.grow();
    const at = (this.head + this.count) & (this.inFlight.length - 1);
    this.inFlight[at] = received;
    this.committedAt[at] = commit;
    this.count++;
  }

  /** Drop writes received before `nowSeconds` from the front (receive times are not decreasing: FIFO link). */
  private forget(nowSeconds: number): void {
    const mask = this.inFlight.length - 1;
    while (this.count > 0 && this.inFlight[this.head]! <= nowSeconds) {
      this.head = (this.head + 1) & mask;
      this.count--;
    }
  }

  private grow(): void {
    const next = new Float64Array(this.inFlight.length * 2);
    const nextCommitted = new Float64Array(this.inFlight.length * 2);
    for (let k = 0; k < this.count; k++) {
      const at = (this.head + k) & (this.inFlight.length - 1);
      next[k] = this.inFlight[at]!;
      nextCommitted[k] = this.committedAt[at]!;
    }
    this.inFlight = next;
    this.committedAt = nextCommitted;
    this.head = 0;
  }
}
