/** The summary's `databases` section: replication lag per slave, quorum, failovers and data lost, per database tier. */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { failoverStats } from '../recovery-results.js';
import type { ReplicationResult } from '../replication.js';
import { latencySummary, merged } from './numbers.js';
import type { LatencySummary, Summary } from './types.js';

export function databasesSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Summary['databases'] {
  const databases: Summary['databases'] = {};
  (reps[0]?.databases ?? []).forEach((d, di) => {
    const slaves: Record<string, { writes: number; lagMs: LatencySummary }> = {};
    // By name, in server order: a failover can make a different set of servers slaves in each replication.
    const names = scenario.tiers.find((t) => t.name === d.tier)!.servers.map((s) => s.name);
    for (const server of names) {
      const per = reps.flatMap((x) => x.databases[di]!.slaves.filter((sl) => sl.server === server));
      if (per.length === 0) continue;
      slaves[server] = { writes: per.reduce((a, sl) => a + sl.writes, 0), lagMs: latencySummary(merged(per.map((sl) => sl.lagMs))) };
    }
    databases[d.tier] = {
      replication: d.replication,
      slaves,
      quorumAtEnd: d.quorumAtEnd,
      failovers: d.failovers,
      failoverStats: failoverStats(reps.map((x) => x.databases[di]!.failovers)),
      dataLoss: d.dataLoss,
    };
  });
  return databases;
}
