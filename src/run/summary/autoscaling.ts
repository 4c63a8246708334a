/**
 * The summary's `autoscaling` section: per elastic tier, the first
 * replication's timeline (capped) and aggregates across replications.
 */
import type { ScalingEvent } from '../../model/elasticity/autoscaler.js';
import { confidenceInterval } from '../../stats/confidence.js';
import type { ReplicationResult } from '../replication.js';
import { r } from './numbers.js';

/** Timeline entries shown in the summary (the rest are counted in `timelineOmitted`). */
export const SUMMARY_TIMELINE_CAP = 500;

export interface AutoscalingSummary {
  group: string;
  /** First replication's decisions and instance events, in time order. */
  timeline: ScalingEvent[];
  timelineOmitted: number;
  /** Mean over replications of Σ instance lifetimes (request → power-off) [h]. */
  instanceHours: number;
  /** 95% half-width across replications; null with one. */
  instanceHoursHalfWidth95: number | null;
  /** Mean over replications of the hours billed per started hour. */
  billedHours: number;
  /** Time-averaged serving instances, mean over replications. */
  meanServing: number;
  /** Most and fewest serving at once, over all replications. */
  maxServing: number;
  minServing: number;
  /** Mean decisions per replication. */
  scaleOuts: number;
  scaleIns: number;
  /** Requests failed at power-off because the drain timed out (all replications). */
  lostAtPowerOff: number;
}

export function autoscalingSummary(reps: readonly ReplicationResult[]): Record<string, AutoscalingSummary> | undefined {
  const first = reps[0];
  if (first === undefined || first.autoscaling.length === 0) return undefined;
  const out: Record<string, AutoscalingSummary> = {};
  first.autoscaling.forEach((a, i) => {
    const per = reps.map((x) => x.autoscaling[i]!);
    const mean = (f: (x: (typeof per)[number]) => number): number => per.reduce((s, x) => s + f(x), 0) / per.length;
    const hours = per.map((x) => x.instanceHours);
    const ci = hours.length > 1 ? confidenceInterval(hours, 0.95) : undefined;
    out[a.tier] = {
      group: a.group,
      timeline: a.timeline.slice(0, SUMMARY_TIMELINE_CAP),
      timelineOmitted: a.timelineOmitted + Math.max(0, a.timeline.length - SUMMARY_TIMELINE_CAP),
      instanceHours: r(mean((x) => x.instanceHours), 4),
      instanceHoursHalfWidth95: ci && Number.isFinite(ci.halfWidth) ? r(ci.halfWidth, 4) : null,
      billedHours: r(mean((x) => x.billedHours), 3),
      meanServing: r(mean((x) => x.meanServing), 3),
      maxServing: Math.max(...per.map((x) => x.maxServing)),
      minServing: Math.min(...per.map((x) => x.minServing)),
      scaleOuts: r(mean((x) => x.scaleOuts), 3),
      scaleIns: r(mean((x) => x.scaleIns), 3),
      lostAtPowerOff: per.reduce((s, x) => s + x.lostAtPowerOff, 0),
    };
  });
  return out;
}
