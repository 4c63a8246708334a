/**
 * Outcomes keeps one latency histogram per class and none for the whole:
 * the end-to-end histogram is their merge (Outcomes.latencyMs), and the
 * success counts are their counts. Checked against a histogram and counters
 * fed every value directly.
 */
import { describe, expect, it } from 'vitest';
import { Outcomes } from '../src/model/request/outcomes.js';
import { LatencyHistogram } from '../src/stats/latency-histogram.js';
import { prng } from './support/prng.js';

describe('Outcomes without an end-to-end histogram of its own', () => {
  it('gives the merge of the classes: the counts, buckets, min and max of every value, the same mean to 1e-12', () => {
    const rand = prng(7);
    const outcomes = new Outcomes(3, 10);
    const direct = new LatencyHistogram();
    const perClass = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const cls = Math.floor(rand() * 3);
      const arrival = rand() * 100; // a tenth arrive before the warm-up ends at 10 s: not counted
      const latency = (cls + 1) * 5 * Math.exp(2 * rand());
      outcomes.succeeded(arrival, cls, latency, -1);
      if (arrival >= 10) {
        direct.record(latency);
        perClass[cls]!++;
      }
    }
    const merged = outcomes.latencyMs.toJSON();
    const want = direct.toJSON();
    expect(merged.buckets).toEqual(want.buckets);
    expect([merged.count, merged.min, merged.max]).toEqual([want.count, want.min, want.max]);
    expect(Math.abs(merged.sum - want.sum) / want.sum).toBeLessThan(1e-12);
    expect(outcomes.ok).toBe(want.count);
    expect([0, 1, 2].map((c) => outcomes.classOk(c))).toEqual(perClass);
    expect(outcomes.ok).toBeGreaterThan(26_000);
  });

  it('with one class, is that class histogram itself', () => {
    const outcomes = new Outcomes(1, 0);
    outcomes.succeeded(1, 0, 12.5, -1);
    expect(outcomes.latencyMs).toBe(outcomes.classLatencyMs[0]);
    expect(outcomes.latencyMs.count).toBe(1);
  });
});
