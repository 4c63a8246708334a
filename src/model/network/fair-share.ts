import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';

const DONE = 0;

/** Who is told when a transfer has got through (a flow, a server). */
export interface TransferSink {
  /** `token` (a request id) finished its transfer over `pipe`; `aux` is what the sender gave `start`. */
  transferred(pipe: FairShare, token: number, aux: number): void;
}

/**
 * One direction of a bandwidth bottleneck (a server's network card, a
 * site's access link, a loop between two sites) shared fairly by the
 * transfers in progress: processor sharing over bytes, the standard
 * flow-level model of TCP flows on one bottleneck. Each of the n active
 * transfers gets bandwidth/n; one large download slows the others a
 * little, it does not block them. For Poisson arrivals this is the
 * M/G/1-PS queue: mean transfer time (size/bw)/(1−ρ) whatever the law of
 * the sizes.
 *
 * Virtual time, as in `PsServer`: V (bits sent per transfer) advances at
 * bw/n per second; a transfer started at V₀ with b bits ends when V reaches
 * V₀ + b. Finish tags sit in a heap of parallel typed arrays (no object per
 * transfer) and one cancellable timer points at the smallest, re-aimed when
 * n changes: O(log n) per start or end, nothing allocated per event.
 *
 * Measures the time it carries something (its utilisation: it always runs
 * at full rate when it does) and the bits it carried, both since the start
 * of the run (monotone, so readers take differences over their period).
 */
export class FairShare implements Component {
  /** Bits per second. */
  readonly bandwidthBps: number;
  private vtime = 0;
  private vAt = 0;
  private tags: Float64Array;
  private order: Float64Array;
  private ids: Int32Array;
  private auxs: Int32Array;
  private seq = 0;
  private timer = -1;
  /** Transfers in progress. */
  active = 0;
  /** ∫ 1{active > 0} dt since the start, up to the last change [s]. */
  private busyClosed = 0;
  /** Bits whose transfer started since the start of the run. */
  bitsStarted = 0;
  /** Another object told about each finished transfer (set once when the model is assembled). */
  sink: TransferSink;

  constructor(
    private readonly ctx: SimContext,
    bandwidthBps: number,
    sink: TransferSink,
    /** Free-form owner data (the link a loop belongs to). */
    readonly owner: unknown = undefined,
  ) {
    this.bandwidthBps = bandwidthBps;
    this.sink = sink;
    this.tags = new Float64Array(64);
    this.order = new Float64Array(64);
    this.ids = new Int32Array(64);
    this.auxs = new Int32Array(64);
  }

  /** Start sending `bytes` for `token`; `sink.transferred(this, token, aux)` once they are through. */
  start(token: number, bytes: number, aux: number): void {
    this.advance();
    const bits = bytes * 8;
    this.bitsStarted += bits;
    this.push(this.vtime + bits, token, aux);
    this.active++;
    this.aim();
  }

  handle(_kind: number, _arg: number): void {
    // DONE: the transfer with the smallest finish tag is through.
    this.timer = -1;
    this.advance();
    const aux = this.auxs[0]!;
    const token = this.popMin();
    this.active--;
    this.aim();
    this.sink.transferred(this, token, aux);
  }

  /** Time it has carried something since the start of the run, up to `nowSeconds` [s]; reads only. */
  busySeconds(nowSeconds: number): number {
    return this.busyClosed + (this.active > 0 ? nowSeconds - this.vAt : 0);
  }

  /** Bring virtual time and the busy time up to now. */
  private advance(): void {
    const now = this.ctx.now;
    const n = this.active;
    if (n > 0) {
      const dt = now - this.vAt;
      this.vtime += (dt * this.bandwidthBps) / n;
      this.busyClosed += dt;
    }
    this.vAt = now;
  }

  /** Point the one timer at the next end of transfer. */
  private aim(): void {
    if (this.timer >= 0) this.ctx.cancel(this.timer);
    this.timer = -1;
    const n = this.active;
    if (n === 0) return;
    const left = this.tags[0]! - this.vtime;
    this.timer = this.ctx.startTimer(left > 0 ? (left * n) / this.bandwidthBps : 0, DONE, 0);
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
    const x = this.auxs[a]!;
    this.auxs[a] = this.auxs[b]!;
    this.auxs[b] = x;
  }

  private push(tag: number, token: number, aux: number): void {
    let pos = this.active;
    if (pos === this.tags.length) this.grow();
    this.tags[pos] = tag;
    this.order[pos] = this.seq++;
    this.ids[pos] = token;
    this.auxs[pos] = aux;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!this.less(pos, parent)) break;
      this.swap(pos, parent);
      pos = parent;
    }
  }

  private popMin(): number {
    const top = this.ids[0]!;
    const last = this.active - 1;
    if (last > 0) {
      this.tags[0] = this.tags[last]!;
      this.order[0] = this.order[last]!;
      this.ids[0] = this.ids[last]!;
      this.auxs[0] = this.auxs[last]!;
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
    // Doubling, never shrinking: a burst's capacity is kept for the next one.
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
    const x = new Int32Array(cap);
    x.set(this.auxs);
    this.auxs = x;
  }
}
