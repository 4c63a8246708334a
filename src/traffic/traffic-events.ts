/**
 * Dated traffic events (a match's final whistle, a TV mention): the rate is
 * multiplied by a trapezoid that rises linearly from 1 to `factor` over
 * `rise`, holds it for `hold`, and falls back to 1 over `decay`.
 *
 * Overlapping events add their excess over 1: the multiplier is
 * 1 + Σ (mᵢ(t) − 1), piecewise linear and exact (a sum of piecewise linear
 * functions). A factor below 1 is a dip; overlapping dips whose sum would
 * go below 0 are refused.
 */
import { addPoints } from './periodic-curves.js';

export interface TrafficEvent {
  /** When the rise starts [s since the start of the run]; may be negative (an event already under way). */
  startSeconds: number;
  riseSeconds: number;
  holdSeconds: number;
  decaySeconds: number;
  /** Multiplier at the top (≥ 0). */
  factor: number;
}

/** The trapezoid's excess (m − 1) as breakpoints from t = 0. */
function excessPoints(e: TrafficEvent): Array<[number, number]> {
  const x = e.factor - 1;
  const knots: Array<[number, number]> = [
    [e.startSeconds, 0],
    [e.startSeconds + e.riseSeconds, x],
    [e.startSeconds + e.riseSeconds + e.holdSeconds, x],
    [e.startSeconds + e.riseSeconds + e.holdSeconds + e.decaySeconds, 0],
  ];
  const value = (t: number): number => {
    if (t <= knots[0]![0] || t >= knots[3]![0]) return 0;
    for (let i = 0; i < 3; i++) {
      const [t0, v0] = knots[i]!;
      const [t1, v1] = knots[i + 1]!;
      if (t <= t1) return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
    return 0;
  };
  const out: Array<[number, number]> = [[0, value(0)]];
  for (const [t, v] of knots) if (t > 0) out.push([t, v]);
  return out;
}

/**
 * The multiplier 1 + Σ excess of `events` as rate-profile breakpoints
 * ([[0, 1]] without events).
 * @throws RangeError where overlapping dips take the multiplier below 0.
 */
export function eventMultiplierPoints(events: readonly TrafficEvent[]): Array<[number, number]> {
  // addPoints checks values ≥ 0, so the excess is carried shifted by +N (one unit per event) and the shift removed at the end.
  let sum: Array<[number, number]> = [[0, 1]];
  for (const e of events) sum = addPoints(sum, excessPoints(e).map(([t, v]) => [t, v + 1]));
  const shift = events.length;
  return sum.map(([t, v]) => {
    const m = v - shift;
    if (m < -1e-9) throw new RangeError(`the traffic events' multiplier falls below 0 at t=${t}s (overlapping dips)`);
    return [t, Math.max(0, m)];
  });
}
