/**
 * The summary's `stability` section: whether a tier's backlog kept growing
 * over the measured window (an offered load above its capacity), from each
 * replication's samples (see stats/sustained-growth.ts for the test). An
 * unstable run makes `simulate` exit 1, like a failed SLO: its figures
 * describe a transient that would go on growing with a longer run.
 */
import type { ReplicationResult } from '../replication.js';
import { r } from './numbers.js';
import type { Summary } from './types.js';

export function stabilitySection(reps: readonly ReplicationResult[]): Summary['stability'] {
  const tierNames = reps[0]?.stability.map((t) => t.tier) ?? [];
  const tiers: Summary['stability']['tiers'] = {};
  tierNames.forEach((name, ti) => {
    const per = reps.map((x) => x.stability[ti]!);
    tiers[name] = {
      verdict: per.some((p) => p.growing) ? 'unstable' : 'stable',
      growthPerSecond: r(per.reduce((a, p) => a + p.growthPerSecond, 0) / per.length),
      quarterMeans: per[0]!.quarterMeans.map((m) => r(m)),
      inSystemAtEnd: per[0]!.inSystemAtEnd,
    };
  });
  // The tier that grew fastest among the unstable ones names the verdict.
  let worst: string | null = null;
  for (const [name, t] of Object.entries(tiers)) {
    if (t.verdict === 'unstable' && (worst === null || t.growthPerSecond > tiers[worst]!.growthPerSecond)) worst = name;
  }
  return {
    verdict: worst === null ? 'stable' : 'unstable',
    tier: worst,
    growthPerSecond: worst === null ? null : tiers[worst]!.growthPerSecond,
    inSystemAtEnd: worst === null ? null : tiers[worst]!.inSystemAtEnd,
    unstableReplications: reps.filter((x) => x.stability.some((t) => t.growing)).length,
    tiers,
  };
}
