/**
 * Incidents of kind "corruption" (issue #13): not crashes but bad data,
 * noticed `noticedAfter` later. Each names a database tier with backups and
 * is handed to those backups (`ResolvedBackups.corruptions`); the crashes
 * are returned for the incident player.
 */
import type { Collector } from './collector.js';
import type { ResolvedIncident, ResolvedTier } from './resolved.js';

export function splitCorruptions(c: Collector, incidents: readonly ResolvedIncident[], tiers: readonly ResolvedTier[], indexOf: (inc: ResolvedIncident) => number): ResolvedIncident[] {
  for (const inc of incidents) {
    if (inc.corruption === undefined) continue;
    const path = ['incidents', indexOf(inc)];
    const t = inc.target;
    const tier = t.kind === 'tier' ? tiers[t.tier] : undefined;
    if (tier === undefined) {
      c.error(path, 'a corruption names the database tier whose data goes bad', 'name it with "tier"');
      continue;
    }
    if (tier.backups === undefined) {
      c.error([...path, 'tier'], `tier "${tier.name}" has no "backups" to restore a corruption from`, 'add "backups" to it');
      continue;
    }
    if (inc.destroysData) c.error([...path, 'destroysData'], 'a corruption does not destroy the data at once', 'remove "destroysData"');
    const noticedSeconds = inc.atSeconds + inc.corruption.noticedAfterSeconds;
    (tier.backups.corruptions ??= []).push({ atSeconds: inc.atSeconds, noticedSeconds, description: inc.description });
  }
  return incidents.filter((inc) => inc.corruption === undefined);
}
