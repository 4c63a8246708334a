/**
 * Requests the closed workloads send between two times, for the pre-run
 * work estimate: at most users·T/Z for a population (its response time is
 * not known before the run, so this is an upper bound), and jobs × mean
 * requests per job for each batch cycle released in the interval.
 */
import type { ResolvedClassChoice } from '../scenario/resolved-closed.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

export function closedArrivals(s: ResolvedScenario, fromSeconds: number, toSeconds: number): number {
  return closedSources(s, fromSeconds, toSeconds).reduce((n, source) => n + source.requests, 0);
}

/** The same, per population and batch, with the classes its requests belong to (so each class's path can be counted). */
export function closedSources(s: ResolvedScenario, fromSeconds: number, toSeconds: number): Array<{ requests: number; choice: ResolvedClassChoice }> {
  const span = Math.max(0, toSeconds - fromSeconds);
  const out: Array<{ requests: number; choice: ResolvedClassChoice }> = [];
  for (const p of s.populations ?? []) out.push({ requests: p.thinkTime.mean > 0 ? (p.users * span) / p.thinkTime.mean : p.users, choice: p });
  for (const b of s.batches ?? []) {
    const starts = b.everySeconds === Infinity ? [b.atSeconds] : cycleStarts(b.atSeconds, b.everySeconds, s.run.durationSeconds);
    const inside = starts.filter((t) => t >= fromSeconds && t < toSeconds).length;
    out.push({ requests: inside * b.jobs * ((b.requestsMin + b.requestsMax) / 2), choice: b });
  }
  return out;
}

function cycleStarts(at: number, every: number, end: number): number[] {
  const out: number[] = [];
  for (let t = at; t < end; t += every) out.push(t);
  return out;
}
