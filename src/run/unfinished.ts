/**
 * The rule for requests still in the system when a run ends (README, "exit
 * codes"): a measured request that has waited longer than its class's
 * `timeout` — or UNFINISHED_DEFAULT_LIMIT_SECONDS when the class has none —
 * counts as failed with reason `unfinished`, since no client waits that
 * long; the others are reported as in flight. Without this, an overloaded
 * tier with no `queueLimit` hides its backlog: those requests appear in no
 * count and availability reads 100%.
 */
import type { BuiltModel } from '../model/build.js';
import { FailureReason, UNFINISHED_DEFAULT_LIMIT_SECONDS } from '../model/request/failure-reason.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/** How long a request of each class may be unfinished at the end before it counts as failed [s]. */
export function unfinishedLimitsSeconds(scenario: ResolvedScenario): Float64Array {
  return Float64Array.from(scenario.classes, (c) => (Number.isFinite(c.timeoutSeconds) ? c.timeoutSeconds : UNFINISHED_DEFAULT_LIMIT_SECONDS));
}

/** Count the run's unfinished requests as failures (after the incident log is closed: they belong to no incident); returns those still in flight. */
export function settleUnfinished(scenario: ResolvedScenario, model: BuiltModel, endSeconds: number): number {
  const { requests, outcomes } = model;
  return requests.settleUnfinished(scenario.run.warmupSeconds, endSeconds, unfinishedLimitsSeconds(scenario), (id) =>
    outcomes.failed(requests.arrivalSeconds[id]!, requests.classIndex[id]!, FailureReason.unfinished, requests.entrySite[id]!),
  );
}
