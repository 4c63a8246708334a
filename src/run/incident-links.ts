/**
 * Ties the recovery mechanisms' records (database failovers, restores from
 * backup, IP moves, DRP activations) to the incidents that caused them, so
 * each incident says how the service came back, when, and what data it
 * lost. Done once after a replication, from plain records.
 */
import type { IncidentRecord } from '../model/meters/incident-log.js';
import type { DatabaseRecoveryResult, RecoveryResult } from './recovery-results.js';

/** The latest incident that started by `atSeconds` and took `server` down. */
function causeOf(records: IncidentRecord[], server: string, atSeconds: number): IncidentRecord | undefined {
  let best: IncidentRecord | undefined;
  for (const r of records) {
    // It must cover the moment: started by then and not yet repaired.
    if (r.startSeconds > atSeconds + 1e-9 || (r.repairedSeconds !== null && r.repairedSeconds < atSeconds - 1e-9) || !r.servers.includes(server)) continue;
    if (best === undefined || r.startSeconds >= best.startSeconds) best = r;
  }
  return best;
}

function restored(r: IncidentRecord, atSeconds: number | null, how: string): void {
  if (atSeconds === null || r.recovery !== null) return;
  r.recovery = how;
  r.serviceRestoredSeconds = atSeconds;
}

export function linkRecoveries(records: IncidentRecord[], databases: readonly DatabaseRecoveryResult[], recovery: RecoveryResult): void {
  for (const db of databases) {
    for (const f of db.failovers) {
      const r = causeOf(records, f.oldMaster, f.failedAtSeconds);
      if (r === undefined) continue;
      if (f.newMaster !== null) {
        r.writesLost = f.writesLost;
        r.rpoSeconds = f.rpoSeconds;
        restored(r, f.promotedSeconds, `database failover to ${f.newMaster}`);
      }
    }
    for (const d of db.dataLoss) {
      for (const r of records) {
        if (r.startSeconds !== d.atSeconds || !r.servers.some((s) => s.startsWith(`${d.tier}/`))) continue;
        // A restore from backup replaces what a failover may have said: the data is gone everywhere.
        r.writesLost = d.writesLost;
        r.rpoSeconds = d.rpoSeconds;
        r.recovery = null;
        restored(r, d.restoredSeconds, 'restore from backup');
      }
    }
  }
  for (const ip of recovery.ipFailovers) {
    const r = causeOf(records, ip.from, ip.failedAtSeconds);
    if (r !== undefined && ip.to !== null) restored(r, ip.movedSeconds, `IP moved to ${ip.to}`);
  }
  for (const drp of recovery.drp) {
    for (const r of records) {
      const hit = r.servers.some((s) => s.startsWith(`${drp.tier}/`) && !drp.servers.includes(s));
      if (hit && r.startSeconds <= drp.failedAtSeconds + 1e-9 && (r.repairedSeconds === null || r.repairedSeconds >= drp.detectedSeconds)) {
        restored(r, drp.activatedSeconds, `DRP ${drp.servers.join(', ')} activated`);
      }
    }
  }
  for (const r of records) {
    const back = r.serviceRestoredSeconds ?? r.repairedSeconds;
    r.rtoSeconds = back === null ? null : Math.round((back - r.startSeconds) * 1e6) / 1e6;
  }
}
