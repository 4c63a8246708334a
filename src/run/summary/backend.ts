/** The `backend` part of a tier's summary: its HAProxy backend queue, retries and redispatches, pooled over replications. */
import type { BackendResult, ReplicationResult } from '../replication.js';
import { r, sumOf } from './numbers.js';
import type { BackendSummary } from './types.js';

/** Tier `ti`'s backend figures, or undefined when the tier has no `haproxy` block. */
export function backendSummary(reps: readonly ReplicationResult[], ti: number): BackendSummary | undefined {
  const per = reps.map((x) => x.tiers[ti]!.backend).filter((b): b is BackendResult => b !== undefined);
  if (per.length === 0) return undefined;
  const arrivals = sumOf(per, (b) => b.arrivals);
  return {
    arrivals,
    queued: sumOf(per, (b) => b.queued),
    waitedShare: arrivals > 0 ? r(sumOf(per, (b) => b.queued) / arrivals, 6) : 0,
    // Over every request that came to the backend (those that did not wait count as 0).
    meanWaitMs: arrivals > 0 ? r((sumOf(per, (b) => b.waitSeconds) / arrivals) * 1000, 3) : 0,
    timedOut: sumOf(per, (b) => b.timedOut),
    queueFull: sumOf(per, (b) => b.queueFull),
    meanQueued: r(sumOf(per, (b) => b.meanQueued) / per.length, 3),
    maxQueued: per.reduce((a, b) => Math.max(a, b.maxQueued), 0),
    retries: sumOf(per, (b) => b.retries),
    redispatched: sumOf(per, (b) => b.redispatched),
  };
}
