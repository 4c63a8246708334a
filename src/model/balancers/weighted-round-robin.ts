import type { BackendView, Balancer } from './balancer.js';

/**
 * Smooth weighted round-robin (nginx's algorithm): deterministic, and
 * interleaved rather than bursty. With weights 60/40, every 5 requests go
 * 3 and 2 (A B A B A …), and over any window the shares stay within one
 * request of the weights.
 */
export class WeightedRoundRobin implements Balancer {
  readonly name = 'weighted-round-robin';
  private readonly weights: Float64Array;
  private readonly current: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0 || weights.some((w) => !(w >= 0)) || !weights.some((w) => w > 0)) {
      throw new RangeError('weighted round-robin needs non-negative weights, at least one positive');
    }
    this.weights = Float64Array.from(weights);
    this.current = new Float64Array(weights.length);
    this.total = weights.reduce((a, b) => a + b, 0);
  }

  pick(_backends: readonly BackendView[]): number {
    const w = this.weights;
    const cur = this.current;
    let best = 0;
    for (let i = 0; i < w.length; i++) {
      cur[i] = cur[i]! + w[i]!;
      if (cur[i]! > cur[best]!) best = i;
    }
    cur[best] = cur[best]! - this.total;
    return best;
  }
}
