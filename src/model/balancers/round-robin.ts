import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/** Plain round-robin over the backends that are up: 0, 1, …, n−1, 0, … */
export class RoundRobin implements Balancer {
  readonly name = 'round-robin';
  private next = 0;

  pick(backends: readonly BackendView[], _key: number): number {
    const n = backends.length;
    if (n === 1) return backends[0]!.up === true ? 0 : NO_BACKEND; // a tier of one server: no rotation to keep
    for (let k = 0; k < n; k++) {
      const i = this.next < n ? this.next : 0;
      this.next = i + 1;
      if (backends[i]!.up === true) return i; // a pointer compare, not a ToBoolean (see EventQueue.push)
    }
    return NO_BACKEND;
  }
}
