/** The summary's `performance` section: engine speed (wall-clock: it varies from run to run, and stays out of comparisons). */
import type { ReplicationResult } from '../replication.js';
import { r, sumOf } from './numbers.js';
import type { Summary } from './types.js';

export function performanceSection(reps: readonly ReplicationResult[], wallSeconds: number, workers: number): Summary['performance'] {
  const events = sumOf(reps, (x) => x.events);
  // Every request simulated, the warm-up's too: the engine spent the time on them.
  const generated = sumOf(reps, (x) => x.generated);
  return {
    events,
    wallSeconds: r(wallSeconds, 3),
    eventsPerSecond: wallSeconds > 0 ? Math.round(events / wallSeconds) : 0,
    requestsPerSecond: wallSeconds > 0 ? Math.round(generated / wallSeconds) : 0,
    workers,
  };
}
