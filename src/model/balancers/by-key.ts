import { ConsistentHash } from './consistent-hash.js';
import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/** How a by-key tier maps a key to its server. */
export const KEY_MODULO = 0;
export const KEY_HASH = 1;
export const KEY_STICKY = 2;

/**
 * Routing by the request's key (its class's `key`, not the client): shards
 * (`key mod N`, or the key's owner on a consistent-hash ring) or sticky
 * sessions (the server first chosen for the key, round-robin among those
 * up, is kept). When the owner is believed down: `fallback` false fails the
 * request (no backend); true takes the next live server (modulo: the next
 * index; hash: the next owner on the ring; sticky: a new round-robin
 * choice, which sticks). Shards and hash owners come back with their
 * server; a sticky key stays where it moved.
 */
export class ByKey implements Balancer {
  readonly name = 'by-key';
  private readonly ring: ConsistentHash | undefined;
  /** Sticky: per key, the server it sticks to; −1 before its first request. */
  private readonly stuck: Int32Array;
  private next = 0;

  constructor(
    private readonly map: number,
    private readonly fallback: boolean,
    backendNames: readonly string[],
    keys: number,
  ) {
    this.ring = map === KEY_HASH ? new ConsistentHash(backendNames) : undefined;
    this.stuck = new Int32Array(map === KEY_STICKY ? keys : 0).fill(-1);
  }

  /** The key's server with every server up (its owner): modulo and hash only. */
  ownerOf(key: number, backends: number): number {
    if (this.map === KEY_MODULO) return key % backends;
    return this.ring!.ownerOf(key);
  }

  pick(backends: readonly BackendView[], key: number): number {
    const n = backends.length;
    if (this.map === KEY_STICKY) return this.sticky(backends, key);
    const owner = this.ownerOf(key, n);
    if (backends[owner]!.up) return owner;
    if (!this.fallback) return NO_BACKEND;
    if (this.ring !== undefined) return this.ring.pick(backends, key);
    for (let k = 1; k < n; k++) {
      const i = (owner + k) % n;
      if (backends[i]!.up) return i;
    }
    return NO_BACKEND;
  }

  private sticky(backends: readonly BackendView[], key: number): number {
    const at = this.stuck[key]!;
    if (at >= 0) {
      if (backends[at]!.up) return at;
      if (!this.fallback) return NO_BACKEND;
    }
    const n = backends.length;
    for (let k = 0; k < n; k++) {
      const i = (this.next + k) % n;
      if (backends[i]!.up) {
        this.next = (i + 1) % n;
        this.stuck[key] = i;
        return i;
      }
    }
    return NO_BACKEND;
  }
}
