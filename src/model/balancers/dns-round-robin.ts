import type { Clock } from '../../engine/clock.js';
import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/**
 * DNS round-robin as clients see it: no health checks, and a cache.
 *
 * The record lists the backends that are `up` — here "published in the DNS
 * record", which only an operator changes. A client (the request's key)
 * resolves the name when its cached answer has expired: the resolver hands
 * out the published addresses in rotation, and the client keeps the answer
 * for `cacheSeconds` (the record's TTL, or longer: resolvers and browsers
 * often keep answers past it). Until the record changes and the caches
 * expire, a dead backend keeps receiving its share (1/N) of clients.
 */
export class DnsRoundRobin implements Balancer {
  readonly name = 'dns-round-robin';
  private readonly target: Int32Array;
  private readonly expires: Float64Array;
  private next = 0;

  constructor(
    private readonly clock: Clock,
    clients: number,
    private readonly cacheSeconds: number,
  ) {
    this.target = new Int32Array(clients).fill(NO_BACKEND);
    this.expires = new Float64Array(clients).fill(-Infinity);
  }

  pick(backends: readonly BackendView[], key: number): number {
    const client = key % this.target.length;
    const now = this.clock.now;
    if (this.expires[client]! > now) return this.target[client]!;
    const n = backends.length;
    for (let k = 0; k < n; k++) {
      const i = this.next < n ? this.next : 0;
      this.next = i + 1;
      if (backends[i]!.up) {
        this.target[client] = i;
        this.expires[client] = now + this.cacheSeconds;
        return i;
      }
    }
    return NO_BACKEND;
  }
}
