import type { BackendView, Balancer } from './balancer.js';

/** Plain round-robin: 0, 1, …, n−1, 0, … */
export class RoundRobin implements Balancer {
  readonly name = 'round-robin';
  private next = 0;

  pick(backends: readonly BackendView[]): number {
    const i = this.next < backends.length ? this.next : 0;
    this.next = i + 1;
    return i;
  }
}
