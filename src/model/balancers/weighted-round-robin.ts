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
    const w = this.weights;
    const cur = this.current;
    let best = NO_BACKEND;
    let total = 0;
    for (let i = 0; i < w.length; i++) {
      const wi = w[i]!;
      if (wi <= 0 || !backends[i]!.up) continue;
      total += wi;
      cur[i] = cur[i]! + wi;
      if (best === NO_BACKEND || cur[i]! > cur[best]!) best = i;
    }
    if (best !== NO_BACKEND) cur[best] = cur[best]! - total;
    return best;
  }
}
