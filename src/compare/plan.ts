/**
 * `simulate plan`: the cheapest point of a sweep that meets every SLO (under
 * the gate: with `--gate bound` a point meets an objective only when its
 * whole 95% interval does), and the cost/availability frontier of the
 * points run.
 *
 * Search:
 * - `grid` (the default): every point is run; the cost is points ×
 *   replications runs. Works whatever the shape of the metrics.
 * - `bisect`: one parameter with numbers, assumed monotone: if a value
 *   meets the SLOs every larger one does (a count of servers, slots). Runs
 *   the largest value, then halves the interval between the largest value
 *   known to fail and the smallest known to meet: 1 + ⌈log2 n⌉ points of the
 *   n (11 values: at most 5 points, not 11). A non-monotone metric can
 *   mislead it: use the grid when unsure.
 * Cheapest: lowest monthly projection, then lowest run cost; a tie (or a
 * scenario without prices) goes to the first point in sweep order.
 */
import type { PointResult } from './sweep.js';

export type PlanSearch = 'grid' | 'bisect';

export interface PlanResult {
  search: PlanSearch;
  /** Points run, and replications run in all (the search's cost). */
  pointsRun: number;
  pointsInSweep: number;
  replicationsRun: number;
  /** The points run, in sweep order. */
  points: PointResult[];
  /** The points no other run point beats on both cost and availability, cheapest first (empty without prices). */
  frontier: PointResult[];
  chosen: PointResult | null;
}

/** Evaluates points by index (in the order given); runs them in parallel when given several. */
export type EvaluatePoints = (indices: number[]) => Promise<PointResult[]>;

function meets(p: PointResult): boolean {
  return p.slo === 'ok';
}

function cheaper(a: PointResult, b: PointResult): number {
  const m = (a.monthlyCost ?? 0) - (b.monthlyCost ?? 0);
  return m !== 0 ? m : (a.runCost ?? 0) - (b.runCost ?? 0);
}

/** Pareto frontier of (cost ↓, availability ↑) among the points. */
export function frontierOf(points: readonly PointResult[]): PointResult[] {
  if (points.every((p) => p.monthlyCost === null)) return [];
  const sorted = points.map((p, i) => ({ p, i })).sort((x, y) => cheaper(x.p, y.p) || x.i - y.i);
  const out: PointResult[] = [];
  let best = -Infinity;
  for (const { p } of sorted) {
    const a = p.availability.mean ?? -Infinity;
    if (a > best) {
      out.push(p);
      best = a;
    }
  }
  return out;
}

/** The cheapest point that meets every objective (the first in sweep order on a tie), or null. */
export function cheapestMeeting(points: readonly PointResult[]): PointResult | null {
  let best: PointResult | null = null;
  for (const p of points) if (meets(p) && (best === null || cheaper(p, best) < 0)) best = p;
  return best;
}

async function bisect(n: number, evaluate: EvaluatePoints): Promise<Map<number, PointResult>> {
  const done = new Map<number, PointResult>();
  const at = async (i: number): Promise<PointResult> => {
    const p = (await evaluate([i]))[0]!;
    done.set(i, p);
    return p;
  };
  if (!meets(await at(n - 1))) return done; // the largest value fails: no smaller one meets (monotone)
  let lo = -1; // largest index known to fail (−1: none)
  let hi = n - 1; // smallest index known to meet
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (meets(await at(mid))) hi = mid;
    else lo = mid;
  }
  return done;
}

export async function plan(n: number, replications: number, search: PlanSearch, evaluate: EvaluatePoints): Promise<PlanResult> {
  let byIndex: Map<number, PointResult>;
  if (search === 'grid') {
    const all = Array.from({ length: n }, (_, i) => i);
    const results = await evaluate(all);
    byIndex = new Map(all.map((i) => [i, results[i]!]));
  } else {
    byIndex = await bisect(n, evaluate);
  }
  const points = [...byIndex.entries()].sort((x, y) => x[0] - y[0]).map(([, p]) => p);
  return {
    search,
    pointsRun: points.length,
    pointsInSweep: n,
    replicationsRun: points.length * replications,
    points,
    frontier: frontierOf(points),
    chosen: cheapestMeeting(points),
  };
}
