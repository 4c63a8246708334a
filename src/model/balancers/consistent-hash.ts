import { NO_BACKEND, type BackendView, type Balancer } from './balancer.js';

/** 32-bit FNV-1a of a string: stable across runs and platforms. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's 32-bit finaliser: spreads consecutive client ids over the ring. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Consistent hashing (sticky sessions): each backend owns `virtualNodes`
 * points on a 32-bit ring, placed by hashing its name; a client goes to the
 * owner of the first point at or after the hash of its key. A client stays on
 * its backend while that backend is up; when it goes down, only its clients
 * move (to the next point's owner that is up), and they come back when it
 * returns.
 */
export class ConsistentHash implements Balancer {
  readonly name = 'consistent-hash';
  private readonly points: Uint32Array;
  private readonly owners: Int32Array;

  constructor(backendNames: readonly string[], virtualNodes = 160) {
    const entries: Array<[number, number]> = [];
    backendNames.forEach((name, b) => {
      for (let v = 0; v < virtualNodes; v++) entries.push([mix32(fnv1a(`${name}#${v}`)), b]); // FNV alone clusters similar short strings
    });
    // Ties (two names hashing to the same point) resolve by backend index: deterministic.
    entries.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    this.points = Uint32Array.from(entries, (e) => e[0]);
    this.owners = Int32Array.from(entries, (e) => e[1]);
  }

  /** The key's owner with every backend up: the owner of the first point at or after its hash. */
  ownerOf(key: number): number {
    const lo = this.firstPoint(key);
    return this.owners[lo === this.points.length ? 0 : lo]!;
  }

  /** Index of the first point ≥ the key's hash (the length when none: wrap to 0). */
  private firstPoint(key: number): number {
    const points = this.points;
    const h = mix32(key);
    // First point ≥ h (binary search), wrapping to 0.
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  pick(backends: readonly BackendView[], key: number): number {
    const n = this.points.length;
    const lo = this.firstPoint(key);
    for (let k = 0; k < n; k++) {
      let i = lo + k;
      if (i >= n) i -= n;
      const b = this.owners[i]!;
      if (backends[b]!.up) return b;
    }
    return NO_BACKEND;
  }
}
