import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { RequestTable } from '../request/request-table.js';
import { LOST_QUEUED, Server, type ServerOwner, type ServerSpec } from './server.js';

const DONE = 0;

/**
 * A processor-sharing server: up to `slots` requests run at once (PHP-FPM
 * children), sharing `cores` CPUs — each of the n running requests
 * progresses at min(1, cores/n) of full speed; the others wait FIFO for a
 * slot. This is how CPU-bound work behaves once more requests run than
 * there are cores. With cores = 1 and unlimited slots it is the M/G/1-PS
 * queue, whose mean sojourn E[S]/(1−ρ) does not depend on the service
 * distribution.
 *
 * Virtual time: V advances at min(1, cores/n) per second; a request started
 * at V₀ with work w finishes when V reaches V₀ + w. The finish tags sit in
 * a small heap and one cancellable timer points at the smallest, re-aimed
 * whenever n changes — O(log n) per arrival or departure.
 */
export class PsServer extends Server {
  private readonly cores: number;
  private vtime = 0;
  private vAt = 0;
  // Heap of running requests by (finish tag, start order).
  private tags: Float64Array;
  private order: Float64Array;
  private ids: Int32Array;
  private seq = 0;
  private timer = -1;
  /** ∫ min(running, cores) dt since the last reset [core·s]: utilisation is the share of the cores in use, not of the slots. */
  private coreArea = 0;

  constructor(
    ctx: SimContext,
    index: number,
    globalId: number,
    spec: ServerSpec & { cores: number },
    serviceByClass: ReadonlyArray<Distribution | undefined>,
    requests: RequestTable,
    owner: ServerOwner,
  ) {
    super(ctx, index, globalId, spec, serviceByClass, requests, owner);
    this.cores = spec.cores;
    const cap = Math.min(spec.slots, 1024);
    this.tags = new Float64Array(cap);
    this.order = new Float64Array(cap);
    this.ids = new Int32Array(cap);
  }

  protected override start(request: number): void {
    this.advance();
    const requests = this.requests;
    const forced = requests.serviceSeconds[request]!;
    let work: number;
    if (forced >= 0) {
      work = forced;
      requests.serviceSeconds[request] = -1;
    } else {
      work = this.serviceByClass[requests.classIndex[request]!]!.sample(this.ctx.rng) * this.invSpeed;
    }
    this.push(this.vtime + work, request);
    this.busy++;
    this.aim();
  }

  override handle(_kind: number, _arg: number): void {
    // DONE: the request with the smallest finish tag completes.
    this.timer = -1;
    this.advance();
    this.accumulate();
    const request = this.popMin();
    this.busy--;
    this.served++;
    if (this.queued > 0) this.start(this.dequeue());
    else this.aim();
    // With a card the response goes out through it first (the slot is already free: see Server.transferred).
    if (this.nic !== undefined) this.nic.start(request, this.owner.responseBytes(request), this.epoch);
    else this.owner.served(this.index, request);
  }

  override die(): void {
    if (!this.alive) return;
    this.advance();
    this.accumulate();
    if (this.timer >= 0) this.ctx.cancel(this.timer);
    this.timer = -1;
    // No completion event stays pending (the timer is cancelled): running requests are simply lost.
    const running = Array.from(this.ids.subarray(0, this.busy));
    this.busy = 0;
    this.vtime = 0;
    for (const r of running) this.owner.lost(this.index, r, LOST_QUEUED);
    super.die();
  }

  /**
   * Bring virtual time up to now at the current sharing rate, and the cores'
   * busy time with it (one multiply-add more, here where the same interval is
   * already at hand: it is what makes utilisation a share of the cores).
   */
  private advance(): void {
    const now = this.ctx.now;
    const n = this.busy;
    if (n > 0) {
      const dt = now - this.vAt;
      this.vtime += dt * (n <= this.cores ? 1 : this.cores / n);
      this.coreArea += dt * (n <= this.cores ? n : this.cores);
    }
    this.vAt = now;
  }

  override resetStats(nowSeconds: number): void {
    this.advance();
    this.coreArea = 0;
    super.resetStats(nowSeconds);
  }

  /** Time-averaged busy cores ÷ cores over [last reset, now]. */
  override utilisation(nowSeconds: number): number {
    this.advance();
    const span = nowSeconds - this.statsStart;
    return span > 0 ? this.coreArea / (span * this.cores) : 0;
  }

  override get capacityUnits(): number {
    return this.cores;
  }

  /** Point the one timer at the next completion. */
  private aim(): void {
    if (this.timer >= 0) this.ctx.cancel(this.timer);
    this.timer = -1;
    const n = this.busy;
    if (n === 0) return;
    const rate = n <= this.cores ? 1 : this.cores / n;
    const left = this.tags[0]! - this.vtime;
    this.timer = this.ctx.startTimer(left > 0 ? left / rate : 0, DONE, 0);
  }

  private less(a: number, b: number): boolean {
    const ta = this.tags[a]!;
    const tb = this.tags[b]!;
    return ta < tb || (ta === tb && this.order[a]! < this.order[b]!);
  }

  private swap(a: number, b: number): void {
    const t = this.tags[a]!;
    this.tags[a] = this.tags[b]!;
    this.tags[b] = t;
    const o = this.order[a]!;
    this.order[a] = this.order[b]!;
    this.order[b] = o;
    const i = this.ids[a]!;
    this.ids[a] = this.ids[b]!;
    this.ids[b] = i;
  }

  private push(tag: number, request: number): void {
    let pos = this.busy;
    if (pos === this.tags.length) this.grow();
    this.tags[pos] = tag;
    this.order[pos] = this.seq++;
    this.ids[pos] = request;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!this.less(pos, parent)) break;
      this.swap(pos, parent);
      pos = parent;
    }
  }

  private popMin(): number {
    const top = this.ids[0]!;
    const last = this.busy - 1;
    if (last > 0) {
      this.tags[0] = this.tags[last]!;
      this.order[0] = this.order[last]!;
      this.ids[0] = this.ids[last]!;
      let pos = 0;
      for (;;) {
        const l = 2 * pos + 1;
        if (l >= last) break;
        let c = l;
        if (l + 1 < last && this.less(l + 1, l)) c = l + 1;
        if (!this.less(c, pos)) break;
        this.swap(c, pos);
        pos = c;
      }
    }
    return top;
  }

  private grow(): void {
    const cap = this.tags.length * 2;
    const t = new Float64Array(cap);
    t.set(this.tags);
    this.tags = t;
    const o = new Float64Array(cap);
    o.set(this.order);
    this.order = o;
    const i = new Int32Array(cap);
    i.set(this.ids);
    this.ids = i;
  }
}
