/**
 * The same M/M/c queue run through the product: a resolved scenario (one
 * class, one tier, one server with c slots, exponential service) built into
 * engine components by the model builder, exactly as `simulate` would.
 */
import { Exponential } from '../src/rng/distributions.js';
import { buildModel } from '../src/model/build.js';
import type { ResolvedScenario } from '../src/scenario/resolved.js';
import { plainClass, plainServer, plainTier } from '../src/scenario/defaults.js';

export function mmcScenario(lambda: number, mu: number, c: number, durationSeconds: number, queueLimit = Infinity): ResolvedScenario {
  return {
    file: '(bench)',
    name: `M/M/${c}`,
    assumptions: [],
    run: { durationSeconds, warmupSeconds: 0, seed: 'bench', replications: 1 },
    sites: ['X'],
    siteFailures: [undefined],
    hostGroups: [],
    links: [],
    clients: 10_000,
    classes: [plainClass('req', 1, [0])],
    ratePoints: [[0, lambda]],
    tiers: [plainTier('station', [plainServer('station/s', c, queueLimit)], [new Exponential(1 / mu)])],
    incidents: [],
    slo: [],
  };
}

export interface EngineResult {
  requests: number;
  events: number;
  meanSojournSeconds: number;
}

export function runEngineMmc(lambda: number, mu: number, c: number, durationSeconds: number): EngineResult {
  const model = buildModel(mmcScenario(lambda, mu, c, durationSeconds), 'bench');
  const r = model.sim.run({ untilSeconds: durationSeconds });
  const h = model.outcomes.latencyMs;
  return { requests: model.outcomes.ok, events: r.events, meanSojournSeconds: h.mean / 1000 };
}
