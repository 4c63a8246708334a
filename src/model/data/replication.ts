import type { Distribution } from '../../rng/distributions.js';
import type { RandomStream } from '../../rng/stream.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import { WindowHistogram } from '../../stats/window-histogram.js';
import type { Link } from '../network/link.js';

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
 *
 * While the link is partitioned the binlog stream stalls: writes committed
 * meanwhile are held on the master (counted as not received, so
 * `notReceivedAt` stays the RPO), and sent in order when the link heals —
 * through its bandwidth, so the catch-up takes the backlog's transmission
 * time too. A write committed at the start of a partition of length P is
 * therefore at least P late. Simplification: the IO thread resumes at the
 * heal itself (MySQL would reconnect after `MASTER_CONNECT_RETRY`); writes
 * still held when the run ends record no delay.
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
  /** The same, for the current time window (the window meter stores and resets it at each boundary). */
  readonly windowDelayMs = new WindowHistogram();
  writes = 0;
  private measureFrom = 0;
  /** Latest applied time handed out [s]: the slave is caught up at or after it. */
  lastAppliedAt = 0;
  /** Replication delay of the latest write (applied − committed) [s]. */
  lastDelaySeconds = 0;
  /** Commit times of the writes held on the master during a partition, in order. */
  private held: number[] = [];
  /** The master's server: a dead master sends nothing when the link heals. */
  source: { readonly alive: boolean } | undefined;
  /** Periodic copies instead of the binlog stream (periodic-copy.ts): when a write sent at t is received. */
  receiveAt: ((sendSeconds: number) => number) | undefined;
  /** Replaced (a failover chose another master, or the slave left): writes still held are lost for good. */
  private retired = false;

  constructor(
    private readonly masterSite: number,
    private readonly link: Link | undefined,
    private readonly applyTime: Distribution,
    private readonly writeBytes: number,
    private readonly rng: RandomStream,
  ) {
    link?.onHeal((now) => this.flush(now));
  }

  /** Writes committed but held on the master by a partition (not sent yet). */
  get heldWrites(): number {
    return this.held.length;
  }

  setMeasureFrom(seconds: number): void {
    this.measureFrom = seconds;
  }

  /** The channel is replaced: what it still holds is never sent (it was counted as not received). */
  retire(): void {
    this.retired = true;
    this.held = [];
  }

  /** The master committed a write at `nowSeconds`. */
  commit(nowSeconds: number): void {
    // A backlog left by a partition that healed while the master was down goes first.
    if (this.held.length > 0 && !(this.link !== undefined && this.link.partitioned)) this.flush(nowSeconds);
    if (this.link !== undefined && this.link.partitioned) {
      this.held.push(nowSeconds);
      this.writes++;
      this.forget(nowSeconds);
      this.remember(nowSeconds, Infinity); // not received until the heal (rewritten by `flush`)
      return;
    }
    this.send(nowSeconds, nowSeconds);
    this.writes++;
  }

  /** The link healed: send the held writes in commit order, from now. */
  private flush(nowSeconds: number): void {
    const held = this.held;
    // A retired channel sends nothing more; a dead master sends its backlog with its next write, if it comes back as master.
    if (held.length === 0 || this.retired || (this.source !== undefined && !this.source.alive)) return;
    this.held = [];
    // The held writes are the last entries of the in-flight ring (Infinity); drop them and re-add with real receive times.
    this.count -= held.length;
    for (const committed of held) this.send(committed, nowSeconds);
  }

  /** Send a write committed at `committedSeconds` over the link at `sendSeconds`; apply it after the earlier ones. */
  private send(committedSeconds: number, sendSeconds: number): void {
    // One test per write for the periodic mode: a closure set once, no allocation.
    const receiveAt = this.receiveAt;
    let received = receiveAt !== undefined ? receiveAt(sendSeconds) : this.link ? this.link.send(this.masterSite, sendSeconds, this.writeBytes, this.rng) : sendSeconds;
    // The binlog stream is one TCP connection: events arrive in commit order.
    if (received < this.lastReceived) received = this.lastReceived;
    this.lastReceived = received;
    this.forget(sendSeconds);
    const start = received > this.applyFreeAt ? received : this.applyFreeAt;
    const applied = start + this.applyTime.sample(this.rng);
    this.applyFreeAt = applied;
    this.lastAppliedAt = applied;
    this.lastDelaySeconds = applied - committedSeconds;
    if (committedSeconds >= this.measureFrom) {
      const delayMs = (applied - committedSeconds) * 1000;
      this.delayMs.record(delayMs);
      this.windowDelayMs.record(delayMs);
    }
    this.remember(committedSeconds, received);
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
