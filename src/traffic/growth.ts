/**
 * A trend over weeks or months: the rate multiplied by factor^(t / per),
 * compound growth from 1 at the start of the run (×1.2 every 30 days).
 *
 * The exponential is compiled to chords at equal steps h. A chord over a
 * convex function lies above it by at most h²/8 · max m'' on its step, and
 * m'' = k²·m with k = ln(factor)/per, so the relative error is at most
 * k²h²/8; h = √(8·ε)/|k| keeps it under ε = 1e-6 everywhere (and the
 * integral too). For ×1.2 per 30 days that is a point every 11 h.
 */

/** Largest relative error of the compiled multiplier (see the file comment). */
export const GROWTH_RELATIVE_ERROR = 1e-6;

/** Breakpoints of factor^(t/perSeconds) over [0, horizon]. */
export function growthPoints(factor: number, perSeconds: number, horizonSeconds: number): Array<[number, number]> {
  if (!(factor > 0) || !(perSeconds > 0)) throw new RangeError(`growth needs factor > 0 and per > 0, got ${factor} per ${perSeconds}s`);
  const k = Math.log(factor) / perSeconds;
  if (k === 0 || !(horizonSeconds > 0)) return [[0, 1]];
  const step = Math.sqrt(8 * GROWTH_RELATIVE_ERROR) / Math.abs(k);
  const n = Math.max(1, Math.ceil(horizonSeconds / step));
  const out: Array<[number, number]> = [];
  for (let i = 0; i <= n; i++) {
    const t = (horizonSeconds * i) / n;
    out.push([t, Math.exp(k * t)]);
  }
  return out;
}
