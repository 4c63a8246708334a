/**
 * Ties the recovery mechanisms' records (database failovers, restores from
 * backup, IP moves, DRP activations) to the incidents that caused them, so
 * each incident says what brought the service back and what data it lost.
 * When the service was back (serviceRestoredSeconds) the incident log knew
 * during the run, from the state; here each record gets its RTO and the
 * list of what acted until then. Done once after a replication, from plain
 * records.
 */
import type { IncidentRecord, RecoveryNote } from '../model/meters/incident-log.js';
import type { DatabaseRecoveryResult, RecoveryResult } from './recovery-results.js';

const EPS = 1e-9;

/** The latest incident that started by `atSeconds` and took `server` down. */
function causeOf(records: IncidentRecord[], server: string, atSeconds: number): IncidentRecord | undefined {
  let best: IncidentRecord | undefined;
  for (const r of records) {
    // It must cover the moment: started by then and not yet repaired.
    if (r.startSeconds > atSeconds + EPS || (r.repairedSeconds !== null && r.repairedSeconds < atSeconds - EPS) || !r.servers.includes(server)) continue;
    if (best === undefined || r.startSeconds >= best.startSeconds) best = r;
  }
  return best;
}

/** Whether a mechanism that acted at `atSeconds` did so for `r`'s service: after its start, not after the service was back. */
function actedFor(r: IncidentRecord, atSeconds: number | null): atSeconds is number {
  if (atSeconds === null || atSeconds < r.startSeconds - EPS) return false;
  return r.serviceRestoredSeconds === null || atSeconds <= r.serviceRestoredSeconds + EPS;
}

/**
 * `notes`: per record, what the log saw act during the run (health checks
 * routing around a server, HA restarts). The record's `recovery` lists them
 * with the mechanisms, in time order, and "repair" last when the service
 * came back at the repair after something else had acted.
 */
export function linkRecoveries(records: IncidentRecord[], databases: readonly DatabaseRecoveryResult[], recovery: RecoveryResult, notes: readonly RecoveryNote[][] = []): void {
  const acted: RecoveryNote[][] = records.map((_, i) => [...(notes[i] ?? [])]);
  const act = (r: IncidentRecord | undefined, atSeconds: number | null, how: string): void => {
    if (r !== undefined && actedFor(r, atSeconds)) acted[records.indexOf(r)]!.push({ atSeconds, how });
  };
  for (const db of databases) {
    for (const f of db.failovers) {
      const r = causeOf(records, f.oldMaster, f.failedAtSeconds);
      if (r === undefined || f.newMaster === null) continue;
      r.writesLost = f.writesLost;
      r.rpoSeconds = f.rpoSeconds;
      act(r, f.promotedSeconds, `database failover to ${f.newMaster}`);
    }
    for (const d of db.dataLoss) {
      // The data is the destroying incident's loss; the restore brings back every incident of the tier still waiting for it.
      const cause = records.find((r) => r.startSeconds === d.atSeconds && r.target === d.target && r.description === d.incident);
      if (cause !== undefined) {
        // It replaces what a failover may have said: the data is gone everywhere.
        cause.writesLost = d.writesLost;
        cause.rpoSeconds = d.rpoSeconds;
      }
      for (const r of records) if (r.servers.some((s) => s.startsWith(`${d.tier}/`))) act(r, d.restoredSeconds, 'restore from backup');
    }
  }
  for (const ip of recovery.ipFailovers) if (ip.to !== null) act(causeOf(records, ip.from, ip.failedAtSeconds), ip.movedSeconds, `IP moved to ${ip.to}`);
  for (const drp of recovery.drp) {
    for (const r of records) {
      if (r.servers.some((s) => s.startsWith(`${drp.tier}/`) && !drp.servers.includes(s))) act(r, drp.activatedSeconds, `DRP ${drp.servers.join(', ')} activated`);
    }
  }
  records.forEach((r, i) => {
    const list = acted[i]!.sort((a, b) => a.atSeconds - b.atSeconds).map((n) => n.how);
    const hows = [...new Set(list)];
    if (hows.length > 0 && r.serviceRestoredSeconds !== null && r.serviceRestoredSeconds === r.repairedSeconds) hows.push('repair');
    r.recovery = hows.length > 0 ? hows.join('; ') : null;
    r.rtoSeconds = r.serviceRestoredSeconds === null ? null : Math.round((r.serviceRestoredSeconds - r.startSeconds) * 1e6) / 1e6;
  });
}
