/** The terminal lines of closed populations and batches (one line each). */
import type { Summary } from '../run/summary.js';
import { formatDuration } from '../scenario/units.js';

function dur(seconds: number | null): string {
  return seconds === null ? '–' : formatDuration(seconds);
}

function share(x: number | null): string {
  return x === null ? '' : `${(x * 100).toFixed(2)}%`;
}

export function closedLines(s: Summary): string[] {
  const out: string[] = [];
  for (const [name, p] of Object.entries(s.populations ?? {})) {
    out.push('');
    out.push(
      `population    ${name}: ${p.users.toLocaleString('en-US')} users, ${p.requestsPerSecond.toLocaleString('en-US')} req/s, response mean ${p.latencyMs.mean ?? '–'} ms, p99 ${p.latencyMs.p99 ?? '–'} ms, ${p.failed.toLocaleString('en-US')} failed`,
    );
  }
  for (const [name, b] of Object.entries(s.batches ?? {})) {
    out.push('');
    const deadline = b.doneByDeadline === null ? '' : `; ${share(b.doneByDeadline)} of jobs by the deadline, ${share(b.cyclesMetDeadline)} of cycles`;
    out.push(
      `batch         ${name}: ${b.done.toLocaleString('en-US')} of ${b.jobs.toLocaleString('en-US')} jobs done (${b.failed.toLocaleString('en-US')} failed, ${b.unfinished.toLocaleString('en-US')} unfinished) in ${b.cycles} cycle(s); makespan ${dur(b.makespanSeconds)}, completion p99 ${dur(b.completionSeconds.p99)}${deadline}`,
    );
  }
  return out;
}
