import type { BackendView, Balancer } from './balancer.js';

/** The backend with the fewest requests in it; ties go to the lowest index after the last pick (rotating). */
export class LeastConnections implements Balancer {
  readonly name = 'least-connections';
  private start = 0;

  pick(backends: readonly BackendView[]): number {
    const n = backends.length;
    const origin = this.start < n ? this.start : 0;
    let best = origin;
    let bestLoad = backends[best]!.inSystem;
    for (let k = 1; k < n; k++) {
      let i = origin + k;
      if (i >= n) i -= n;
      const load = backends[i]!.inSystem;
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    // Rotate the tie-break origin so equal backends share the load.
    this.start = best + 1 < n ? best + 1 : 0;
    return best;
  }
}
