import type { RandomStream } from '../../rng/stream.js';
import type { BackendView, Balancer } from './balancer.js';

/** Power of two choices: sample two distinct backends, keep the less loaded. */
export class PowerOfTwo implements Balancer {
  readonly name = 'power-of-two';
  constructor(private readonly rng: RandomStream) {}

  pick(backends: readonly BackendView[]): number {
    const n = backends.length;
    if (n === 1) return 0;
    const a = Math.floor(this.rng.next() * n);
    let b = Math.floor(this.rng.next() * (n - 1));
    if (b >= a) b++;
    return backends[b]!.inSystem < backends[a]!.inSystem ? b : a;
  }
}
