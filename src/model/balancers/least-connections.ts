import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/** The backend (up) with the fewest requests in it; ties rotate so equal backends share the load. */
export class LeastConnections implements Balancer {
  readonly name = 'least-connections';
  private start = 0;

  pick(backends: readonly BackendView[], _key: number): number {
    const n = backends.length;
    const origin = this.start < n ? this.start : 0;
    let best = NO_BACKEND;
    let bestLoad = Infinity;
    for (let k = 0; k < n; k++) {
      let i = origin + k;
      if (i >= n) i -= n;
      const b = backends[i]!;
      if (b.up && b.inSystem < bestLoad) {
        best = i;
        bestLoad = b.inSystem;
      }
    }
    if (best !== NO_BACKEND) this.start = best + 1 < n ? best + 1 : 0;
    return best;
  }
}
