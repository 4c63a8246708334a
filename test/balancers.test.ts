import { describe, expect, it } from 'vitest';
import { Clock } from '../src/engine/clock.js';
import { NO_BACKEND, type BackendView } from '../src/model/balancers/balancer.js';
import { ConsistentHash } from '../src/model/balancers/consistent-hash.js';
import { DnsRoundRobin } from '../src/model/balancers/dns-round-robin.js';
import { LeastConnections } from '../src/model/balancers/least-connections.js';
import { PowerOfTwo } from '../src/model/balancers/power-of-two.js';
import { RandomBalancer } from '../src/model/balancers/random.js';
import { RoundRobin } from '../src/model/balancers/round-robin.js';
import { WeightedRoundRobin } from '../src/model/balancers/weighted-round-robin.js';
import { RandomStream } from '../src/rng/stream.js';

const backends = (n: number, load: number[] = []): Array<{ inSystem: number; up: boolean }> =>
  Array.from({ length: n }, (_, i) => ({ inSystem: load[i] ?? 0, up: true }));

function shares(pick: () => number, n: number, draws: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) c[pick()]!++;
  return c.map((x) => x / draws);
}

describe('balancers', () => {
  it('round-robin cycles and skips backends that are down', () => {
    const b = backends(3);
    const rr = new RoundRobin();
    expect([0, 1, 2, 3, 4].map(() => rr.pick(b, 0))).toEqual([0, 1, 2, 0, 1]);
    b[0]!.up = false;
    expect([0, 1, 2, 3].map(() => rr.pick(b, 0))).toEqual([2, 1, 2, 1]);
    for (const x of b) x.up = false;
    expect(rr.pick(b, 0)).toBe(NO_BACKEND);
  });

  it('weighted round-robin 60/40 sends exactly 3 of every 5 to the first, interleaved', () => {
    const b = backends(2);
    const wrr = new WeightedRoundRobin([60, 40]);
    const seq = Array.from({ length: 10 }, () => wrr.pick(b, 0));
    expect(seq).toEqual([0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
    // Over many requests the shares are the weights within 1% (in fact exactly, every 5).
    const s = shares(() => wrr.pick(b, 0), 2, 100_000);
    expect(Math.abs(s[0]! - 0.6)).toBeLessThan(0.01);
  });

  it('weighted round-robin renormalises over the backends that are up and follows weight changes', () => {
    const b = backends(3);
    const wrr = new WeightedRoundRobin([1, 2, 3]);
    b[2]!.up = false;
    const s = shares(() => wrr.pick(b, 0), 3, 30_000);
    expect(s[0]).toBeCloseTo(1 / 3, 3);
    expect(s[1]).toBeCloseTo(2 / 3, 3);
    expect(s[2]).toBe(0);
    b[2]!.up = true;
    wrr.setWeight(0, 0);
    const t = shares(() => wrr.pick(b, 0), 3, 50_000);
    expect(t[0]).toBe(0);
    expect(t[1]).toBeCloseTo(0.4, 3);
  });

  it('weighted round-robin picks exactly as nginx\'s smooth algorithm, step for step, with backends going down and weights changing', () => {
    // The reference: the algorithm written plainly (zero weights and backends
    // down left out, ties to the lowest index), against the tuned pick.
    const weights = [12, 12, 12, 5.6, 5.6, 5.6, 5.6, 5.6];
    const current = new Float64Array(weights.length);
    const reference = (b: readonly BackendView[]): number => {
      let best = -1;
      let bestCurrent = 0;
      let total = 0;
      for (let i = 0; i < weights.length; i++) {
        const wi = weights[i]!;
        if (wi <= 0 || !b[i]!.up) continue;
        total += wi;
        current[i]! += wi;
        if (best < 0 || current[i]! > bestCurrent) {
          best = i;
          bestCurrent = current[i]!;
        }
      }
      if (best < 0) return NO_BACKEND;
      current[best] = bestCurrent - total;
      return best;
    };
    const b = backends(weights.length);
    const wrr = new WeightedRoundRobin(weights);
    const rng = new RandomStream('wrr-test');
    const seen = new Set<number>();
    for (let step = 0; step < 20_000; step++) {
      const u = rng.next();
      if (u < 0.01) b[Math.floor(rng.next() * b.length)]!.up = false;
      else if (u < 0.03) b[Math.floor(rng.next() * b.length)]!.up = true;
      else if (u < 0.032) {
        // A weight change, zero included (that backend is then left out).
        const i = Math.floor(rng.next() * weights.length);
        weights[i] = rng.next() < 0.3 ? 0 : Math.round(rng.next() * 200) / 10;
        wrr.setWeight(i, weights[i]!);
      }
      const want = reference(b);
      seen.add(want);
      expect(wrr.pick(b, 0)).toBe(want);
    }
    // The walk went through every backend and through "none up".
    expect(seen.size).toBe(weights.length + 1);
  });

  it('random is uniform over the backends that are up', () => {
    const b = backends(4);
    b[1]!.up = false;
    const r = new RandomBalancer(new RandomStream('t'));
    const s = shares(() => r.pick(b, 0), 4, 90_000);
    expect(s[1]).toBe(0);
    // Binomial sd ≈ √(p(1−p)/n) ≈ 0.0016: 5 sd.
    for (const i of [0, 2, 3]) expect(Math.abs(s[i]! - 1 / 3)).toBeLessThan(0.008);
  });

  it('least-connections picks the least loaded backend that is up, rotating ties', () => {
    const b = backends(3, [5, 2, 2]);
    const lc = new LeastConnections();
    expect(lc.pick(b, 0)).toBe(1);
    expect(lc.pick(b, 0)).toBe(2); // tie rotates
    b[1]!.inSystem = 0;
    b[1]!.up = false;
    expect(lc.pick(b, 0)).toBe(2);
  });

  it('power-of-two never picks the most loaded of two and ignores backends that are down', () => {
    const b = backends(2, [10, 0]);
    const p = new PowerOfTwo(new RandomStream('p2'));
    for (let i = 0; i < 100; i++) expect(p.pick(b, 0)).toBe(1);
    b[1]!.up = false;
    expect(p.pick(b, 0)).toBe(0);
  });

  it('consistent hashing keeps clients on their backend and moves only the dead backend’s clients', () => {
    const b = backends(4);
    const ch = new ConsistentHash(['a', 'b', 'c', 'd']);
    const before = Array.from({ length: 10_000 }, (_, k) => ch.pick(b, k));
    // Roughly balanced: 160 virtual nodes give shares within a few points of 1/4.
    const s = [0, 1, 2, 3].map((i) => before.filter((x) => x === i).length / before.length);
    for (const x of s) expect(Math.abs(x - 0.25)).toBeLessThan(0.06);
    // Sticky: asking again gives the same answers.
    expect(Array.from({ length: 10_000 }, (_, k) => ch.pick(b, k))).toEqual(before);
    b[2]!.up = false;
    const after = Array.from({ length: 10_000 }, (_, k) => ch.pick(b, k));
    for (let k = 0; k < before.length; k++) {
      if (before[k] !== 2) expect(after[k]).toBe(before[k]);
      else expect(after[k]).not.toBe(2);
    }
    b[2]!.up = true;
    expect(Array.from({ length: 10_000 }, (_, k) => ch.pick(b, k))).toEqual(before);
  });

  it('DNS round-robin keeps sending a cached client to a dead target until its cache expires', () => {
    const clock = new Clock();
    const b: BackendView[] & Array<{ inSystem: number; up: boolean }> = backends(4);
    const dns = new DnsRoundRobin(clock, 1000, 300);
    const first = Array.from({ length: 1000 }, (_, k) => dns.pick(b, k));
    // Resolutions rotate: each target gets exactly a quarter of the clients.
    for (let i = 0; i < 4; i++) expect(first.filter((x) => x === i).length).toBe(250);
    // The operator removes target 3 from the record: cached clients still go there…
    b[3]!.up = false;
    clock.now = 299;
    expect(Array.from({ length: 1000 }, (_, k) => dns.pick(b, k))).toEqual(first);
    // …until their cache expires; new resolutions never return it.
    clock.now = 300;
    const later = Array.from({ length: 1000 }, (_, k) => dns.pick(b, k));
    expect(later.includes(3)).toBe(false);
  });
});
