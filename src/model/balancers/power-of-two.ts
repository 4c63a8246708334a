import type { RandomStream } from '../../rng/stream.js';
import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/**
 * Power of two choices: sample two distinct backends, keep the less loaded.
 * When some backends are down, the two are sampled among those up.
 */
export class PowerOfTwo implements Balancer {
  readonly name = 'power-of-two';
  constructor(private readonly rng: RandomStream) {}

  pick(backends: readonly BackendView[], _key: number): number {
    const n = backends.length;
    let up = 0;
    for (let i = 0; i < n; i++) if (backends[i]!.up) up++;
    if (up === 0) return NO_BACKEND;
    if (up === 1) {
      for (let i = 0; i < n; i++) if (backends[i]!.up) return i;
    }
    const ka = Math.floor(this.rng.next() * up);
    let kb = Math.floor(this.rng.next() * (up - 1));
    if (kb >= ka) kb++;
    const a = nthUp(backends, ka);
    const b = nthUp(backends, kb);
    return backends[b]!.inSystem < backends[a]!.inSystem ? b : a;
  }
}

function nthUp(backends: readonly BackendView[], k: number): number {
  for (let i = 0; i < backends.length; i++) {
    if (!backends[i]!.up) continue;
    if (k === 0) return i;
    k--;
  }
  return NO_BACKEND;
}
