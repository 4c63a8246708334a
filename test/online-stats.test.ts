import { deviation, mean, variance } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { OnlineStats } from '../src/stats/online-stats.js';
import { prng } from './support/prng.js';


function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function fill(xs: number[]): OnlineStats {
  const s = new OnlineStats();
  for (const x of xs) s.add(x);
  return s;
}

describe('OnlineStats', () => {
  it('matches d3-array mean/variance/deviation on random data', () => {
    const rand = prng(1);
    for (const [offset, scale] of [
      [0, 1],
      [1e6, 1], // large offset: the naive sum-of-squares formula would lose everything
      [-3, 1e-6],
      [0, 1e9],
    ]) {
      const xs = Array.from({ length: 10_000 }, () => offset + scale * (rand() - 0.5) ** 3);
      const s = fill(xs);
      expect(s.count).toBe(xs.length);
      expect(relErr(s.mean, mean(xs)!)).toBeLessThan(1e-12);
      expect(relErr(s.variance, variance(xs)!)).toBeLessThan(1e-9);
      expect(relErr(s.stddev, deviation(xs)!)).toBeLessThan(1e-9);
      expect(relErr(s.populationVariance, (variance(xs)! * (xs.length - 1)) / xs.length)).toBeLessThan(1e-9);
      expect(s.min).toBe(Math.min(...xs));
      expect(s.max).toBe(Math.max(...xs));
    }
  });

  it('merge (Chan et al.) equals one pass over the concatenation', () => {
    const rand = prng(2);
    const parts = [0, 1, 2, 1000, 37, 5000].map((n, k) => Array.from({ length: n }, () => 100 * k + 10 * rand()));
    const all = parts.flat();
    const one = fill(all);
    const merged = new OnlineStats();
    for (const p of parts) merged.merge(fill(p));
    const tree = fill(parts[3]).merge(fill(parts[4])).merge(fill(parts[5]).merge(fill(parts[1])).merge(fill(parts[2])));
    for (const m of [merged, tree]) {
      expect(m.count).toBe(all.length);
      expect(relErr(m.mean, one.mean)).toBeLessThan(1e-12);
      expect(relErr(m.variance, one.variance)).toBeLessThan(1e-10);
      expect(relErr(m.variance, variance(all)!)).toBeLessThan(1e-10);
      expect(m.min).toBe(one.min);
      expect(m.max).toBe(one.max);
    }
  });

  it('edge cases: empty, single value, merge into empty, reset, clone, JSON', () => {
    const s = new OnlineStats();
    expect(s.count).toBe(0);
    expect(s.mean).toBeNaN();
    expect(s.variance).toBeNaN();
    expect(s.min).toBeNaN();
    s.add(5);
    expect(s.mean).toBe(5);
    expect(s.variance).toBeNaN(); // sample variance needs n >= 2, like d3
    expect(s.populationVariance).toBe(0);
    const e = new OnlineStats().merge(s);
    expect(e.mean).toBe(5);
    expect(e.count).toBe(1);
    s.merge(new OnlineStats());
    expect(s.count).toBe(1);
    s.add(7);
    expect(s.variance).toBe(2);
    const c = s.clone();
    s.reset();
    expect(s.count).toBe(0);
    expect(c.count).toBe(2);
    const back = OnlineStats.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(back.toJSON()).toEqual(c.toJSON());
    expect(OnlineStats.fromJSON(new OnlineStats().toJSON()).count).toBe(0);
    expect(() => s.add(NaN)).toThrow(RangeError);
    expect(() => s.add(Infinity)).toThrow(RangeError);
  });
});
