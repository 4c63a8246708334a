/**
 * `--replications auto`: run replications in rounds (10, then doubling, up
 * to the cap) until each gated figure's 95% interval is within the target
 * relative half-width of its mean — or, with the bound gate, until every
 * objective is decided. The rounds do not depend on the number of workers,
 * so the summary does not either.
 */
import type { ResolvedScenario, SloRule } from '../scenario/resolved.js';
import type { ReplicationResult } from './replication.js';
import { summarize } from './summary.js';
import { ruleReading, spreadOf } from './summary/slo.js';
import type { GateMode } from './summary/types.js';
import { holds } from './summary/window-slo.js';

export interface AutoReplications {
  /** Target 95% half-width ÷ |mean| (0.05 for 5%). */
  targetRelativeHalfWidth: number;
  maxReplications: number;
}

export const FIRST_ROUND = 10;

/** The whole-run objectives the rounds look at; without any, the p99 latency. */
export function gatedRules(scenario: ResolvedScenario): SloRule[] {
  const rules = scenario.slo.filter((r) => r.window === undefined);
  return rules.length > 0 ? rules : [{ metric: 'latencyMs.p99', op: '<', threshold: Infinity, text: 'latencyMs.p99', unit: 'ms' }];
}

/** Whether the replications so far are enough. */
export function enough(scenario: ResolvedScenario, results: readonly ReplicationResult[], auto: AutoReplications, gate: GateMode): boolean {
  const perRep = results.map((x) => summarize({ ...scenario, slo: [] }, [x], 0, 1));
  const spreads = gatedRules(scenario).map((rule) => ({ rule, s: spreadOf(perRep.map((p) => ruleReading(rule, p).value)) }));
  const precise = spreads.every(({ s }) => s.halfWidth95 !== null && s.mean !== null && (s.halfWidth95 === 0 || s.halfWidth95 <= auto.targetRelativeHalfWidth * Math.abs(s.mean)));
  if (precise) return true;
  if (gate !== 'bound' || scenario.slo.length === 0) return false;
  // Bound gate: every objective decided (its whole interval on one side of the threshold).
  return spreads.every(({ rule, s }) => s.low95 !== null && s.high95 !== null && holds(rule.op, s.low95, rule.threshold) === holds(rule.op, s.high95, rule.threshold));
}

/** The next round's total number of replications. */
export function nextTotal(done: number, auto: AutoReplications): number {
  return Math.min(auto.maxReplications, done === 0 ? FIRST_ROUND : 2 * done);
}
