import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedClass } from '../../scenario/resolved.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import type { RequestTable } from '../request/request-table.js';

/**
 * Consequence requests: a request of class A that succeeds (end to end, or
 * at a named tier of its path) emits, with a probability, a new request of
 * class B (an SMS alert after a metric is processed). The new request
 * arrives now, with its own latency and outcome, and carries the origin of
 * the chain: the arrival of the first request (a retry keeps it). When it
 * succeeds, the time since that origin goes to its class's `sinceOriginMs`
 * (for measured requests, like every outcome).
 *
 * State per request in one typed array (the origin, NaN for a request that
 * was not emitted), cleared when the request leaves: no allocation per
 * request but the new request itself.
 */
export class Consequences {
  /** Per class: the class it emits (−1: none), the probability, the tier whose exit emits it (−1: end to end). */
  private readonly emitClass: Int32Array;
  private readonly probability: Float64Array;
  readonly afterTier: Int32Array;
  /** Per class: the time from the origin to its success [ms], for classes that are emitted (undefined otherwise). */
  readonly sinceOriginMs: Array<LatencyHistogram | undefined>;
  private origin = new Float64Array(1024).fill(NaN);
  /** Consequence requests emitted whose origin is measured, per class. */
  readonly emitted: Float64Array;

  constructor(
    classes: readonly ResolvedClass[],
    private readonly requests: RequestTable,
    private readonly rng: RandomStream,
    private readonly measureFromSeconds: number,
    /** Starts an emitted request (by an event of its own: never inside the tier that emits it). */
    private readonly launch: (request: number) => void,
  ) {
    this.emitClass = Int32Array.from(classes, (c) => c.emits?.classIndex ?? -1);
    this.probability = Float64Array.from(classes, (c) => c.emits?.probability ?? 0);
    this.afterTier = Int32Array.from(classes, (c) => c.emits?.afterTier ?? -1);
    const targets = new Set(classes.flatMap((c) => (c.emits ? [c.emits.classIndex] : [])));
    this.sinceOriginMs = classes.map((_, i) => (targets.has(i) ? new LatencyHistogram() : undefined));
    this.emitted = new Float64Array(classes.length);
  }

  /** The request left tier `tier` successfully at `nowSeconds`. */
  leftTier(request: number, tier: number, nowSeconds: number): void {
    const cls = this.requests.classIndex[request]!;
    if (this.afterTier[cls] === tier && this.emitClass[cls]! >= 0) this.emit(request, cls, nowSeconds);
  }

  /** The request succeeded end to end (its outcome is being counted) at `nowSeconds`. */
  succeeded(request: number, nowSeconds: number): void {
    const cls = this.requests.classIndex[request]!;
    const origin = request < this.origin.length ? this.origin[request]! : NaN;
    const h = this.sinceOriginMs[cls];
    if (h !== undefined && origin === origin && this.requests.arrivalSeconds[request]! >= this.measureFromSeconds) {
      h.pendingMs = (nowSeconds - origin) * 1000; // a field, not an argument: never boxed (see LatencyHistogram.pendingMs)
      h.recordPending();
    }
    if (this.afterTier[cls] === -1 && this.emitClass[cls]! >= 0) this.emit(request, cls, nowSeconds);
  }

  private emit(request: number, cls: number, nowSeconds: number): void {
    const p = this.probability[cls]!;
    if (p < 1 && !(this.rng.next() < p)) return;
    const requests = this.requests;
    const target = this.emitClass[cls]!;
    const origin = this.originOf(request);
    const next = requests.create(nowSeconds, target);
    if (next >= this.origin.length) this.grow(next);
    this.origin[next] = origin;
    if (nowSeconds >= this.measureFromSeconds) this.emitted[target]!++;
    this.launch(next);
  }

  /** When the chain began: the first request's arrival. */
  private originOf(request: number): number {
    const o = request < this.origin.length ? this.origin[request]! : NaN;
    return o === o ? o : this.requests.arrivalSeconds[request]!;
  }

  /** A retry of `request` keeps its origin. */
  inherit(request: number, retry: number): void {
    if (request >= this.origin.length) return;
    if (retry >= this.origin.length) this.grow(retry);
    this.origin[retry] = this.origin[request]!;
  }

  /** The request leaves (success or failure): its id may be reused. */
  clear(request: number): void {
    if (request < this.origin.length) this.origin[request] = NaN;
  }

  private grow(atLeast: number): void {
    let cap = this.origin.length;
    while (cap <= atLeast) cap *= 2;
    const origin = new Float64Array(cap).fill(NaN);
    origin.set(this.origin);
    this.origin = origin;
  }
}
