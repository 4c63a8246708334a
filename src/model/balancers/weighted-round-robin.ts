import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/**
 * Smooth weighted round-robin (nginx's algorithm): deterministic, and
 * interleaved rather than bursty. With weights 60/40, every 5 requests go
 * 3 and 2 (A B A B A …), and over any window the shares stay within one
 * request of the weights. Backends that are down are left out and the
 * others share in proportion to their weights.
 */
export class WeightedRoundRobin implements Balancer {
  readonly name = 'weighted-round-robin';
  private readonly weights: Float64Array;
  private readonly current: Float64Array;

  constructor(weights: readonly number[]) {
    if (weights.length === 0 || weights.some((w) => !(w >= 0)) || !weights.some((w) => w > 0)) {
      throw new RangeError('weighted round-robin needs non-negative weights, at least one positive');
    }
    this.weights = Float64Array.from(weights);
    this.current = new Float64Array(weights.length);
  }

  /** Change the weights (the ERP's failover switches 60/40 through the API). */
  setWeight(index: number, weight: number): void {
    this.weights[index] = weight;
  }

  weightOf(index: number): number {
    return this.weights[index]!;
  }

  pick(backends: readonly BackendView[], _key: number): number {
    // Why this shape (same arithmetic, same result): it runs once per backend
    // per request. The best's current weight is kept in a local instead of
    // re-read from the array; `best < 0` instead of the imported NO_BACKEND
    // (an imported binding is re-loaded and hole-checked at every use);
    // `up === true` is one pointer compare, not a ToBoolean (see
    // EventQueue.push). Measured on sofoot (valgrind, 1 December 2026):
    // replacing the whole pick (8 backends) by a bare rotation saved about
    // 50 instructions per request, within the count's noise; over the longer
    // window (`bash bench/instructions-per-request-long.sh`), the web tier on
    // plain round-robin instead takes about 85 fewer (5,949 against
    // 6,030–6,043, with more crossings to GRA). A pick without the weight test and the running
    // total (every weight positive, the total summed once) measured as
    // nothing there (6,064 against 6,030–6,043), so it was not kept.
    const w = this.weights;
    const cur = this.current;
    const n = w.length;
    let best = -1;
    let bestCurrent = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      if (wi <= 0 || backends[i]!.up !== true) continue;
      total += wi;
      const c = cur[i]! + wi;
      cur[i] = c;
      if (best < 0 || c > bestCurrent) {
        best = i;
        bestCurrent = c;
      }
    }
    if (best < 0) return NO_BACKEND;
    cur[best] = bestCurrent - total;
    return best;
  }
}
