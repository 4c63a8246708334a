/**
 * The summary's `acrossReplications` section: shares of replications, each
 * with its Wilson 95% interval. Every replication is checked on its own
 * summary: "every SLO held" means every objective held in that replication.
 */
import type { SloRule } from '../../scenario/resolved.js';
import { wilsonInterval } from '../../stats/proportion.js';
import type { ReplicationResult } from '../replication.js';
import { heldOn } from './slo.js';
import type { AcrossReplications, Proportion, Summary } from './types.js';

export function proportion(count: number, of: number): Proportion {
  const w = wilsonInterval(count, of);
  const t = (x: number): number => Number(x.toPrecision(8));
  return { count, of, share: t(w.share), low95: t(w.low), high95: t(w.high), method: 'wilson' };
}

export function acrossReplicationsSection(rules: readonly SloRule[], perRep: readonly Summary[], reps: readonly ReplicationResult[]): AcrossReplications {
  const n = reps.length;
  const held = perRep.filter((s) => rules.every((rule) => heldOn(rule, s))).length;
  // The incident log keeps the first records of a replication (see IncidentLog): beyond them, incidents are not seen here.
  const quiet = reps.filter((x) => !x.incidents.some((i) => i.requestsFailed > 0)).length;
  return {
    replications: n,
    everySloHeld: rules.length > 0 ? proportion(held, n) : null,
    noIncidentWithFailedRequests: proportion(quiet, n),
  };
}
