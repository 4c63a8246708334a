import type { RandomStream } from '../../rng/stream.js';
import type { BackendView, Balancer } from './balancer.js';

/** Uniformly random backend, from the balancer's own stream. */
export class RandomBalancer implements Balancer {
  readonly name = 'random';
  constructor(private readonly rng: RandomStream) {}

  pick(backends: readonly BackendView[]): number {
    return Math.floor(this.rng.next() * backends.length);
  }
}
