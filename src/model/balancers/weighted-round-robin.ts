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
  /**
   * Backend i's weight at 2i and its current weight at 2i + 1. Why one
   * array, not two: the pick's loop touches both for every backend, and V8
   * re-checks a typed array's map and reloads its base and length at every
   * access in a loop; with one array that is paid once per access pair.
   */
  private readonly state: Float64Array;
  private readonly n: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0 || weights.some((w) => !(w >= 0)) || !weights.some((w) => w > 0)) {
      throw new RangeError('weighted round-robin needs non-negative weights, at least one positive');
    }
    this.n = weights.length;
    this.state = new Float64Array(2 * weights.length);
    for (let i = 0; i < weights.length; i++) this.state[2 * i] = weights[i]!;
  }

  /** Change the weights (the ERP's failover switches 60/40 through the API). */
  setWeight(index: number, weight: number): void {
    this.state[2 * index] = weight;
  }

  weightOf(index: number): number {
    return this.state[2 * index]!;
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
    // nothing there (6,064 against 6,030–6,043), so it was not kept. The
    // weights and current weights in one array (`state`) and `| 0` on the
    // offsets: 5,185 → 5,114 over the longer window, 5,152 → 5,009 on the
    // standard count (bash bench/instructions-per-request.sh).
    const s = this.state;
    const n = this.n;
    let best = -1;
    let bestCurrent = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const k = (2 * i) | 0; // `| 0`: no overflow check (see EventQueue.siftDown)
      const wi = s[k]!;
      if (wi <= 0 || backends[i]!.up !== true) continue;
      total += wi;
      const c = s[(k + 1) | 0]! + wi;
      s[(k + 1) | 0] = c;
      if (best < 0 || c > bestCurrent) {
        best = i;
        bestCurrent = c;
      }
    }
    if (best < 0) return NO_BACKEND;
    s[(2 * best + 1) | 0] = bestCurrent - total;
    return best;
  }
}
