/** The summary's `incidentStats` section: incidents per replication, mean time to detect and to repair, HA restarts. */
import type { ReplicationResult } from '../replication.js';
import { r, sumOf } from './numbers.js';
import type { Summary } from './types.js';

export function incidentStatsSection(reps: readonly ReplicationResult[]): Summary['incidentStats'] {
  const allRecords = reps.flatMap((x) => x.incidents);
  const meanOf = (xs: number[]): number | null => (xs.length > 0 ? r(xs.reduce((a, b) => a + b, 0) / xs.length, 3) : null);
  return {
    perReplication: r(sumOf(reps, (x) => x.incidentsStarted) / Math.max(1, reps.length), 3),
    listed: reps[0]?.incidents.length ?? 0,
    meanTimeToDetectSeconds: meanOf(allRecords.flatMap((x) => (x.detectedSeconds === null ? [] : [x.detectedSeconds - x.startSeconds]))),
    meanTimeToRepairSeconds: meanOf(allRecords.flatMap((x) => (x.repairedSeconds === null ? [] : [x.repairedSeconds - x.startSeconds]))),
    haRestarts: sumOf(reps, (x) => x.haRestarts),
  };
}
