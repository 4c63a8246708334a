import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { RequestTable } from '../request/request-table.js';
import { HeldSlots } from './held-slots.js';
import { LOST_HELD, LOST_QUEUED, Server, type ServerOwner, type ServerSpec } from './server.js';

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
 *
 * Holding (`hold`, a nested call): when its own service is over, a request
 * whose tier holds keeps its slot while the rest of its path runs (a PHP-FPM
 * child waiting for MySQL) but leaves the cores — it waits on I/O. So
 * `busy` (slots taken) counts running and held requests, `running` (the
 * ones sharing the cores) only the former: a held request slows nobody.
 */
export class PsServer extends Server {
  protected readonly cores: number;
  protected vtime = 0;
  protected vAt = 0;
  // Heap of running requests by (finish tag, start order).
  private tags: Float64Array;
  private order: Float64Array;
  private ids: Int32Array;
  private seq = 0;
  protected timer = -1;
  /** Requests in service, sharing the cores (busy − running hold their slot while the rest of their path runs). */
  running = 0;
  /** The held requests, which a death must find (servers that can die only). */
  private heldSet: HeldSlots | undefined = undefined;
  /** ∫ min(running, cores) dt since the last reset [core·s]: utilisation is the share of the cores in use, not of the slots. */
  protected coreArea = 0;

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
    this.busyOffset -= this.ctx.now; // see Server.busyOffset
    this.running++;
    this.aim();
  }

  override handle(_kind: number, _arg: number): void {
    // DONE: the request with the smallest finish tag completes.
    this.timer = -1;
    this.advance();
    const request = this.popMin();
    this.running--;
    this.served++;
    if (this.owner.holds(request)) {
      // A nested call: the slot stays taken until the request comes back (releaseHeld), the cores are left.
      this.recordHold(request);
      if (this.mortal === true) (this.heldSet ??= new HeldSlots(this.spec.slots)).add(request);
      this.aim();
    } else {
      this.freeSlot();
      if (this.queued > 0) this.start(this.dequeue());
      else this.aim();
      if (this.slotWatch !== undefined) this.slotWatch.freed(this.index);
    }
    // With a card the response goes out through it first (the slot is already free: see Server.transferred).
    if (this.nic !== undefined) this.nic.start(request, this.owner.responseBytes(request), this.epoch);
    else this.owner.served(this.index, request);
  }

  override die(): void {
    if (!this.alive) return;
    this.advance();
    if (this.timer >= 0) this.ctx.cancel(this.timer);
    this.timer = -1;
    // No completion event stays pending (the timer is cancelled): running requests are simply lost.
    const running = Array.from(this.ids.subarray(0, this.running));
    const held = this.heldSet !== undefined ? this.heldSet.drain() : [];
    this.emptySlots(); // Server.die empties the queue
    this.running = 0;
    this.vtime = 0;
    for (const r of running) this.owner.lost(this.index, r, LOST_QUEUED);
    super.die();
    // After the epoch moved on (super.die): their later release is void, as on a FIFO server.
    for (const r of held) this.owner.lost(this.index, r, LOST_HELD);
  }

  /** The request that held a slot here has come back (or failed further down): free the slot; it used no core. */
  override releaseHeld(request: number, epoch: number): void {
    if (epoch !== this.epoch) return; // the server died since: its slots were already emptied
    this.freeSlot();
    if (this.heldSet !== undefined) this.heldSet.remove(request);
    if (this.queued > 0) this.start(this.dequeue());
    if (this.slotWatch !== undefined) this.slotWatch.freed(this.index);
  }

  /**
   * Bring virtual time up to now at the current sharing rate, and the cores'
   * busy time with it (one multiply-add more, here where the same interval is
   * already at hand: it is what makes utilisation a share of the cores).
   */
  protected advance(): void {
    const now = this.ctx.now;
    const n = this.running;
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

  /** ∫ busy cores dt since the last reset, up to `nowSeconds`, without bringing the virtual time up to date (a read: it changes no later figure). */
  override capacityBusyIntegral(nowSeconds: number): number {
    return this.coreArea + (this.running > 0 ? (nowSeconds - this.vAt) * this.coresInUse() : 0);
  }

  /** Cores the running requests use now. */
  protected coresInUse(): number {
    return Math.min(this.running, this.cores);
  }

  /** Point the one timer at the next completion. */
  protected aim(): void {
    if (this.timer >= 0) this.ctx.cancel(this.timer);
    this.timer = -1;
    const n = this.running;
    if (n === 0) return;
    const rate = n <= this.cores ? 1 : this.cores / n;
    const left = this.tags[0]! - this.vtime;
    this.timer = this.ctx.startTimer(left > 0 ? left / rate : 0, DONE, 0);
  }

  /** The smallest finish tag among the running requests (the caller checked there is one). */
  protected peekTag(): number {
    return this.tags[0]!;
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
    let pos = this.running;
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
    const last = this.running - 1;
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
