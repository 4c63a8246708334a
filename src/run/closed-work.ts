/**
 * Requests the closed workloads send between two times, for the pre-run
 * work estimate: at most users·T/Z for a population (its response time is
 * not known before the run, so this is an upper bound), and jobs × mean
 * requests per job for each batch cycle released in the interval.
 */
import type { ResolvedScenario } from '../scenario/resolved.js';

export function closedArrivals(s: ResolvedScenario, fromSeconds: number, toSeconds: number): number {
  const span = Math.max(0, toSeconds - fromSeconds);
  let n = 0;
  for (const p of s.populations ?? []) n += p.thinkTime.mean > 0 ? (p.users * span) / p.thinkTime.mean : p.users;
  for (const b of s.batches ?? []) {
    const starts = b.everySeconds === Infinity ? [b.atSeconds] : cycleStarts(b.atSeconds, b.everySeconds, s.run.durationSeconds);
    const inside = starts.filter((t) => t >= fromSeconds && t < toSeconds).length;
    n += inside * b.jobs * ((b.requestsMin + b.requestsMax) / 2);
  }
  return n;
}

function cycleStarts(at: number, every: number, end: number): number[] {
  const out: number[] = [];
  for (let t = at; t < end; t += every) out.push(t);
  return out;
}
