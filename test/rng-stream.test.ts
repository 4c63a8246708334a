import { describe, it, expect } from 'vitest';
import seedrandom from 'seedrandom';
import { RandomStream, deriveStream } from '../src/rng/stream.js';

function draw(stream: RandomStream, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(stream.next());
  return out;
}

describe('RandomStream / deriveStream', () => {
  it('gives identical sequences for the same (seed, name)', () => {
    const a = draw(deriveStream(42, 'web-1'), 1000);
    const b = draw(deriveStream(42, 'web-1'), 1000);
    expect(b).toEqual(a);
  });

  it('gives different sequences for different names or seeds', () => {
    const base = draw(deriveStream(42, 'web-1'), 100);
    const otherName = draw(deriveStream(42, 'web-2'), 100);
    const otherSeed = draw(deriveStream(43, 'web-1'), 100);
    // Not merely "not equal as arrays": no position should coincide (P ≈ 100·2^-32).
    for (let i = 0; i < base.length; i++) {
      expect(otherName[i]).not.toBe(base[i]);
      expect(otherSeed[i]).not.toBe(base[i]);
    }
  });

  it('is independent of other streams being created and used (stream independence)', () => {
    const alone = draw(deriveStream(7, 'db-primary'), 500);

    const extra1 = deriveStream(7, 'db-replica');
    const s = deriveStream(7, 'db-primary');
    const extra2 = deriveStream(7, 'lb');
    const interleaved: number[] = [];
    for (let i = 0; i < 500; i++) {
      // Consume other streams at irregular rates between draws of `s`.
      for (let j = 0; j < i % 3; j++) extra1.next();
      interleaved.push(s.next());
      for (let j = 0; j < i % 5; j++) extra2.next();
    }
    expect(interleaved).toEqual(alone);
  });

  it('seeds alea with the documented string `${scenarioSeed}/${componentName}`', () => {
    const s = deriveStream(2024, 'traffic/eu-west');
    expect(s.name).toBe('traffic/eu-west');
    expect(s.seed).toBe('2024/traffic/eu-west');
    const reference = seedrandom.alea('2024/traffic/eu-west');
    const expected = Array.from({ length: 50 }, () => reference());
    expect(draw(s, 50)).toEqual(expected);
  });

  it('treats a numeric seed and its decimal string as the same seed', () => {
    expect(draw(deriveStream('42', 'x'), 20)).toEqual(draw(deriveStream(42, 'x'), 20));
  });

  it('RandomStream seed defaults to the name', () => {
    expect(draw(new RandomStream('abc'), 20)).toEqual(draw(new RandomStream('other', 'abc'), 20));
  });

  it('rejects a non-finite numeric scenario seed', () => {
    expect(() => deriveStream(NaN, 'x')).toThrow(RangeError);
    expect(() => deriveStream(Infinity, 'x')).toThrow(RangeError);
  });

  it('returns values in [0, 1) with 32-bit resolution, uniformly spread', () => {
    const s = deriveStream(1, 'uniformity');
    const n = 200_000;
    const bins = 20;
    const counts = new Array<number>(bins).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      if (!(u >= 0 && u < 1)) throw new Error(`value out of [0,1): ${u}`);
      // Documented resolution: every value is a multiple of 2^-32.
      if (!Number.isInteger(u * 2 ** 32)) throw new Error(`value is not a multiple of 2^-32: ${u}`);
      sum += u;
      counts[Math.floor(u * bins)]!++;
    }
    // Mean of U(0,1): 1/2, sd 1/sqrt(12); within 5 standard errors.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // Pearson chi-square with 19 degrees of freedom: P(chi2 > 45) ≈ 7e-4.
    const expected = n / bins;
    const chi2 = counts.reduce((acc, c) => acc + ((c - expected) * (c - expected)) / expected, 0);
    expect(chi2).toBeLessThan(45);
  });
});
