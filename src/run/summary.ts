/**
 * The run summary: replications merged in replication order (so the result
 * does not depend on which worker finished first), pooled percentiles from
 * merged histograms, confidence intervals across replications, SLO verdicts.
 * Each section is computed by its own function in `./summary/`.
 *
 * Field names are a public interface (CI gates read them): add, never rename.
 */
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { ReplicationResult } from './replication.js';
import { autoscalingSummary } from './summary/autoscaling.js';
import { classesSection, sitesSection } from './summary/breakdowns.js';
import { costSummary } from './summary/cost.js';
import { databasesSection } from './summary/databases.js';
import { incidentStatsSection } from './summary/incidents.js';
import { optional } from './summary/numbers.js';
import { performanceSection } from './summary/performance.js';
import { availabilitySection, latencySection, requestsSection } from './summary/requests.js';
import { seriesSection } from './summary/series.js';
import { sloSection } from './summary/slo.js';
import { stabilitySection } from './summary/stability.js';
import { tiersSection } from './summary/tiers.js';
import { networkSection } from './summary/network.js';
import type { GateMode, Summary } from './summary/types.js';
import { acrossReplicationsSection } from './summary/across.js';

export type * from './summary/types.js';
export { latencySummary } from './summary/numbers.js';
export { metricValue } from './summary/slo.js';

export interface SummarizeOptions {
  /** How SLOs are decided (default `mean`: on the pooled figure). */
  gate?: GateMode;
}

export function summarize(scenario: ResolvedScenario, reps: ReplicationResult[], wallSeconds: number, workers: number, options: SummarizeOptions = {}): Summary {
  const sorted = [...reps].sort((a, b) => a.index - b.index);
  const summary: Summary = {
    scenario: scenario.name,
    file: scenario.file,
    seed: scenario.run.seed,
    replications: sorted.length,
    simulated: {
      durationSeconds: scenario.run.durationSeconds,
      warmupSeconds: scenario.run.warmupSeconds,
      measuredSeconds: scenario.run.durationSeconds - scenario.run.warmupSeconds,
    },
    requests: requestsSection(scenario, sorted),
    availability: availabilitySection(sorted),
    latencyMs: latencySection(sorted),
    classes: classesSection(scenario, sorted),
    sites: sitesSection(scenario, sorted),
    tiers: tiersSection(scenario, sorted),
    databases: databasesSection(scenario, sorted),
    incidents: sorted[0]?.incidents ?? [],
    incidentStats: incidentStatsSection(sorted),
    recovery: sorted[0]?.recovery ?? { ipFailovers: [], drp: [] },
    ...optional('autoscaling', autoscalingSummary(sorted)),
    ...optional('network', networkSection(scenario, sorted)),
    ...optional('cost', costSummary(scenario, sorted)),
    ...optional('series', seriesSection(scenario, sorted)),
    slo: [],
    stability: stabilitySection(sorted),
    performance: performanceSection(sorted, wallSeconds, workers),
  };
  // Each replication's own summary, for the SLO figures and shares across replications (only when there are SLOs).
  const several = sorted.length >= 2;
  const perRep = several && scenario.slo.length > 0 ? sorted.map((x) => summarize({ ...scenario, slo: [] }, [x], 0, 1)) : undefined;
  summary.slo = sloSection(scenario.slo, summary, perRep, options.gate ?? 'mean');
  if (several) {
    const { performance, ...rest } = summary;
    return { ...rest, acrossReplications: acrossReplicationsSection(scenario.slo, perRep ?? [], sorted), performance };
  }
  return summary;
}

/** The summary without wall-clock fields: what must be byte-identical across runs and thread counts. */
export function deterministicPart(summary: Summary): Omit<Summary, 'performance'> & { performance: { events: number } } {
  return { ...summary, performance: { events: summary.performance.events } };
}
