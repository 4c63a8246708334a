import type { RandomStream } from '../../rng/stream.js';
import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/** Uniformly random backend among those up, from the balancer's own stream. */
export class RandomBalancer implements Balancer {
  readonly name = 'random';
  constructor(private readonly rng: RandomStream) {}

  pick(backends: readonly BackendView[], _key: number): number {
    const n = backends.length;
    let up = 0;
    for (let i = 0; i < n; i++) if (backends[i]!.up) up++;
    if (up === 0) return NO_BACKEND;
    let k = Math.floor(this.rng.next() * up);
    for (let i = 0; i < n; i++) {
      if (!backends[i]!.up) continue;
      if (k === 0) return i;
      k--;
    }
    return NO_BACKEND;
  }
}
