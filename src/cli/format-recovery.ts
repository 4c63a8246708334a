/** Text lines for the recovery records of a summary (failovers, data loss, IP moves, DRP). */
import type { Summary } from '../run/summary.js';
import { formatDuration } from '../scenario/units.js';

const at = (s: number | null): string => (s === null ? 'never' : formatDuration(s));
const span = (s: number | null): string => (s === null ? '—' : formatDuration(Math.round(s * 1000) / 1000));

export function recoveryLines(s: Summary): string[] {
  const out: string[] = [];
  for (const [tier, db] of Object.entries(s.databases)) {
    for (const f of db.failovers) {
      out.push(
        f.newMaster === null
          ? `failover      ${tier}: master ${f.oldMaster} died at ${at(f.failedAtSeconds)}, detected at ${at(f.detectedSeconds)}, no live slave to promote`
          : `failover      ${tier}: master ${f.oldMaster} died at ${at(f.failedAtSeconds)}, detected after ${span(f.detectedSeconds - f.failedAtSeconds)}, ${f.newMaster} promoted after ${span(f.rtoSeconds)} (RTO); ${f.writesLost} writes lost (RPO ${span(f.rpoSeconds)})` +
              (f.weightsSwitchedSeconds !== null ? `; weights switched at ${at(f.weightsSwitchedSeconds)}` : '') +
              (f.oldMasterRejoinedSeconds !== null ? `; ${f.oldMaster} rejoined as slave at ${at(f.oldMasterRejoinedSeconds)}` : ''),
      );
    }
    if (db.failoverStats.count > 1) {
      const st = db.failoverStats;
      out.push(`failovers     ${tier}: ${st.count} over all replications, mean ${st.writesLost.mean} writes lost, mean RTO ${st.rtoSeconds.mean} s`);
    }
    for (const d of db.dataLoss) {
      out.push(
        `data loss     ${tier}: ${d.incident} at ${at(d.atSeconds)}: last copy ${d.lastBackupSeconds === null ? 'none' : `${d.lastBackupKind} at ${at(d.lastBackupSeconds)}`}, RPO ${span(d.rpoSeconds)} (${d.writesLost} writes lost), restored at ${at(d.restoredSeconds)} (RTO ${span(d.rtoSeconds)})`,
      );
    }
  }
  for (const m of s.recovery.ipFailovers) {
    out.push(
      `IP failover   ${m.tier}: ${m.from} died at ${at(m.failedAtSeconds)}, detected after ${span(m.detectedSeconds - m.failedAtSeconds)}, ` +
        (m.to === null ? 'no standby alive' : `IP on ${m.to} at ${at(m.movedSeconds)} (${span(m.movedSeconds! - m.failedAtSeconds)} without service)`),
    );
  }
  for (const d of s.recovery.drp) {
    out.push(`DRP           ${d.tier}: primaries down at ${at(d.failedAtSeconds)}, detected at ${at(d.detectedSeconds)}, ${d.servers.join(', ')} serving at ${at(d.activatedSeconds)}`);
  }
  return out.length > 0 ? ['', ...out] : [];
}
