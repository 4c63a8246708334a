import type { RandomStream } from '../../rng/stream.js';
import { countUp, NO_BACKEND, nthUp, type BackendView, type Balancer } from './balancer.js';

/**
 * Power of two choices: sample two distinct backends, keep the less loaded.
 * When some backends are down, the two are sampled among those up.
 */
export class PowerOfTwo implements Balancer {
  readonly name = 'power-of-two';
  constructor(private readonly rng: RandomStream) {}

  pick(backends: readonly BackendView[], _key: number): number {
    const up = countUp(backends);
    if (up === 0) return NO_BACKEND;
    if (up === 1) return nthUp(backends, 0);
    const ka = Math.floor(this.rng.next() * up);
    let kb = Math.floor(this.rng.next() * (up - 1));
    if (kb >= ka) kb++;
    const a = nthUp(backends, ka);
    const b = nthUp(backends, kb);
    return backends[b]!.inSystem < backends[a]!.inSystem ? b : a;
  }
}
