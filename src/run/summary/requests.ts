/** The summary's `requests`, `availability` and `latencyMs` sections: every measured request, pooled over replications. */
import { FAILURE_REASON_NAMES, type FailureReasonName } from '../../model/request/failure-reason.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import type { ReplicationResult } from '../replication.js';
import { interval, latencySummary, merged, r, sumOf } from './numbers.js';
import type { Summary } from './types.js';

export function requestsSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Summary['requests'] {
  const ok = sumOf(reps, (x) => x.ok);
  const failed = sumOf(reps, (x) => x.failed);
  const total = ok + failed;
  const measuredSeconds = scenario.run.durationSeconds - scenario.run.warmupSeconds;
  return {
    total,
    ok,
    failed,
    failedRatio: total > 0 ? r(failed / total, 8) : 0,
    failedBy: Object.fromEntries(FAILURE_REASON_NAMES.map((n) => [n, sumOf(reps, (x) => x.failedBy[n])])) as Record<FailureReasonName, number>,
    inFlightAtEnd: sumOf(reps, (x) => x.inFlightAtEnd),
    // Requests that left the system: the unfinished ones never did.
    throughputPerSecond: r((total - sumOf(reps, (x) => x.failedBy.unfinished)) / (measuredSeconds * Math.max(1, reps.length)), 3),
  };
}

export function availabilitySection(reps: readonly ReplicationResult[]): Summary['availability'] {
  const ok = sumOf(reps, (x) => x.ok);
  const total = ok + sumOf(reps, (x) => x.failed);
  const perRepAvailability = reps.map((x) => (x.ok + x.failed > 0 ? x.ok / (x.ok + x.failed) : NaN));
  const perRepTime = reps.map((x) => x.availabilityTime.time);
  const repCount = Math.max(1, reps.length);
  return {
    requests: total > 0 ? r(ok / total, 8) : null,
    requestsCI95: interval(perRepAvailability, 8),
    time: reps.length > 0 ? r(perRepTime.reduce((a, b) => a + b, 0) / reps.length, 8) : null,
    timeCI95: interval(perRepTime, 8),
    fullOutageSeconds: r(sumOf(reps, (x) => x.availabilityTime.fullOutageSeconds) / repCount, 3),
    degradedSeconds: r(sumOf(reps, (x) => x.availabilityTime.degradedSeconds) / repCount, 3),
  };
}

export function latencySection(reps: readonly ReplicationResult[]): Summary['latencyMs'] {
  const perRepMean = reps.map((x) => (x.latencyMs.count > 0 ? x.latencyMs.sum / x.latencyMs.count : NaN));
  const perRepP99 = reps.map((x) => (x.latencyMs.count > 0 ? LatencyHistogram.fromJSON(x.latencyMs).quantile(0.99) : NaN));
  return { ...latencySummary(merged(reps.map((x) => x.latencyMs))), meanCI95: interval(perRepMean, 3), p99CI95: interval(perRepP99, 3) };
}
