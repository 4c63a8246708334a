/**
 * Summary fields an SLO may name (dotted paths into the JSON summary). One
 * list, used by validation ("did you mean …") and by the SLO check.
 */
export const SLO_METRICS: readonly string[] = [
  'availability.requests',
  'availability.time',
  'availability.fullOutageSeconds',
  'availability.degradedSeconds',
  'requests.failed',
  'requests.failedRatio',
  'latencyMs.mean',
  'latencyMs.p50',
  'latencyMs.p90',
  'latencyMs.p95',
  'latencyMs.p99',
  'latencyMs.p999',
  'latencyMs.max',
  'cost.run.total',
  'cost.monthlyProjection.total',
];
