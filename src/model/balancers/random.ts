import type { RandomStream } from '../../rng/stream.js';
import { countUp, NO_BACKEND, nthUp, type BackendView, type Balancer } from './balancer.js';

/** Uniformly random backend among those up, from the balancer's own stream. */
export class RandomBalancer implements Balancer {
  readonly name = 'random';
  constructor(private readonly rng: RandomStream) {}

  pick(backends: readonly BackendView[], _key: number): number {
    const up = countUp(backends);
    return up === 0 ? NO_BACKEND : nthUp(backends, Math.floor(this.rng.next() * up));
  }
}
