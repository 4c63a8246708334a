/** Assembly of the closed workloads: one component per population and per batch, each with its own random stream. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { RequestFlow } from '../flow/request-flow.js';
import type { RequestTable } from '../request/request-table.js';
import { BatchSource } from './batch-source.js';
import { ClosedPopulation } from './closed-population.js';
import { batchResult, populationResult, type BatchResult, type PopulationResult } from './closed-results.js';

export interface ClosedSources {
  /** Requests the populations and batches created, warm-up included. */
  readonly generated: number;
  begin(): void;
  results(endSeconds: number): { populations: PopulationResult[]; batches: BatchResult[] };
}

export function buildClosedSources(sim: Simulation, scenario: ResolvedScenario, requests: RequestTable, flow: RequestFlow): ClosedSources {
  const warmup = scenario.run.warmupSeconds;
  // Component names with a ":" prefix: no server ("tier/server") or other component has one.
  const populations = (scenario.populations ?? []).map((p) => ({
    spec: p,
    source: sim.add(`population:${p.name}`, (ctx) => new ClosedPopulation(ctx, p, requests, flow, warmup)),
  }));
  const batches = (scenario.batches ?? []).map((b) => ({
    spec: b,
    source: sim.add(`batch:${b.name}`, (ctx) => new BatchSource(ctx, b, requests, flow, warmup, scenario.run.durationSeconds)),
  }));
  return {
    get generated() {
      return populations.reduce((a, p) => a + p.source.generated, 0) + batches.reduce((a, b) => a + b.source.generated, 0);
    },
    begin() {
      for (const p of populations) p.source.begin();
      for (const b of batches) b.source.begin();
    },
    results(endSeconds) {
      return {
        populations: populations.map((p) => populationResult(p.source, p.spec.name, p.spec.users)),
        batches: batches.map((b) => batchResult(b.source, b.spec.name, b.spec.jobs, b.spec.deadlineSeconds, warmup, endSeconds)),
      };
    },
  };
}
