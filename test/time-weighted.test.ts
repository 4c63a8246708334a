import { describe, expect, it } from 'vitest';
import { TimeWeightedStat } from '../src/stats/time-weighted.js';

describe('TimeWeightedStat', () => {
  it('time-averages a hand-computed piecewise-constant signal', () => {
    // Queue length: 0 on [0,2), 3 on [2,5), 1 on [5,6), 4 at t=6 for zero time, 2 on [6,10].
    const q = new TimeWeightedStat(0, 0);
    expect(q.mean(0)).toBe(0); // empty window → current value
    q.update(2, 3);
    expect(q.mean(2)).toBe(0);
    expect(q.mean(4)).toBe(6 / 4); // current value counted up to "now" without an update
    q.update(5, 1);
    expect(q.mean(5)).toBe(9 / 5);
    q.update(6, 4);
    q.update(6, 2);
    // Area: 0·2 + 3·3 + 1·1 + 4·0 + 2·4 = 18 value·s over 10 s.
    expect(q.integral(10)).toBe(18);
    expect(q.mean(10)).toBe(1.8);
    expect(q.value).toBe(2);
    expect(q.max).toBe(4);
    expect(q.min).toBe(0);
    expect(q.lastUpdateTime).toBe(6);
  });

  it('reset at a warm-up boundary discards the past but keeps the current value', () => {
    const busy = new TimeWeightedStat(100, 5); // window starts at t = 100 s
    busy.update(110, 8);
    busy.reset(120); // warm-up ends; 8 servers busy since 110
    expect(busy.startTime).toBe(120);
    expect(busy.max).toBe(8);
    expect(busy.min).toBe(8);
    expect(busy.mean(120)).toBe(8);
    busy.update(130, 2); // 8 on [120,130)
    busy.update(135, 0); // 2 on [130,135)
    // (8·10 + 2·5 + 0·5) / 20 = 4.5
    expect(busy.mean(140)).toBe(4.5);
    expect(busy.max).toBe(8);
    expect(busy.min).toBe(0);
  });

  it('stays accurate over many small updates (compensated area)', () => {
    const s = new TimeWeightedStat(0, 0);
    let t = 0;
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      s.update(t, i % 2 === 0 ? 1 : 3); // alternates 1, 3 every 0.1 s → mean 2
      t += 0.1;
    }
    expect(Math.abs(s.mean(t) - 2)).toBeLessThan(1e-9);
  });

  it('rejects time going backwards and non-finite input', () => {
    const s = new TimeWeightedStat(10, 1);
    expect(() => s.update(9, 2)).toThrow(RangeError);
    expect(() => s.mean(9)).toThrow(RangeError);
    expect(() => s.reset(9)).toThrow(RangeError);
    expect(() => s.update(11, NaN)).toThrow(RangeError);
    expect(() => s.update(Infinity, 1)).toThrow(RangeError);
    expect(() => new TimeWeightedStat(NaN)).toThrow(RangeError);
  });
});
