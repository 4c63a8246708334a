import type { BackendView, Balancer } from './balancer.js';

/**
 * A failover IP: every request goes to the server that holds the IP,
 * whether it is alive or not (there is no balancer to check it). Moving
 * the IP is the monitoring VPS's job (`IpFailover`), through the API.
 */
export class IpFailoverBalancer implements Balancer {
  readonly name = 'ip-failover';
  constructor(public holder: number) {}

  /** For availability by time: all traffic goes to the holder. */
  weightOf(index: number): number {
    return index === this.holder ? 1 : 0;
  }

  pick(_backends: readonly BackendView[], _key: number): number {
    return this.holder;
  }
}
