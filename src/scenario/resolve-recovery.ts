/**
 * Resolution of the recovery sections (database failover, IP failover,
 * backups, DRP). Runs after every tier is resolved, because a failover may
 * name another tier (the LB whose weights it switches).
 */
import { instantSeconds } from './resolve-calendar.js';
import type { Collector, Path } from './collector.js';
import { parseBandwidth, UnitError } from './units.js';
import { resolveHealthCheck } from './resolve-infrastructure.js';
import type { ResolvedIncident, ResolvedTier } from './resolved.js';
import type { ResolvedBackups, ResolvedDrp, ResolvedFailover, ResolvedIpFailover, ResolvedMonitor } from './resolved-recovery.js';
import type { ScenarioParsed } from './schema.js';

type TierSpec = ScenarioParsed['tiers'][string];

const localName = (fullName: string): string => fullName.slice(fullName.indexOf('/') + 1);

function monitor(c: Collector, path: Path, m: { interval: string; timeout: string; fall: number; rise: number }): ResolvedMonitor {
  return resolveHealthCheck(c, path, m);
}

function positive(c: Collector, path: Path, raw: string): number {
  const s = c.seconds(path, raw);
  if (!(s > 0)) c.error(path, `must be longer than zero, got ${JSON.stringify(raw)}`);
  return s;
}

function resolveFailover(c: Collector, path: Path, f: NonNullable<Extract<NonNullable<TierSpec['database']>, { replication: 'async' }>['failover']>, tier: ResolvedTier, spec: TierSpec, tiers: readonly ResolvedTier[]): ResolvedFailover {
  if (tier.servers.length < 2) c.error(path, 'a failover needs at least one slave to promote', 'add a second server to the tier or remove "failover"');
  if (spec.healthCheck) {
    c.error(['tiers', tier.name, 'healthCheck'], 'a database with "failover" is watched by the failover\'s own monitor', 'remove "healthCheck" (set "failover.monitor" instead)');
  }
  const out: ResolvedFailover = {
    monitor: monitor(c, [...path, 'monitor'], f.monitor),
    promotionSeconds: c.seconds([...path, 'promotion'], f.promotion),
    resyncSeconds: c.seconds([...path, 'resync'], f.resync),
  };
  if (f.weights) {
    const wpath: Path = [...path, 'weights'];
    const names = tiers.map((t) => t.name);
    if (c.reference([...wpath, 'tier'], f.weights.tier, names, 'tier')) {
      const target = tiers[names.indexOf(f.weights.tier)]!;
      if (target.balancer !== 'weighted-round-robin') {
        c.error([...wpath, 'tier'], `tier "${target.name}" uses "${target.balancer}", not weights`, 'name a tier with "balancer": "weighted-round-robin"');
      }
      const local = target.servers.map((s) => localName(s.name));
      const weightByServer = target.servers.map((s) => s.weight);
      for (const [server, w] of Object.entries(f.weights.set)) {
        if (c.reference([...wpath, 'set', server], server, local, `server of tier "${target.name}"`)) weightByServer[local.indexOf(server)] = w;
      }
      if (!weightByServer.some((w) => w > 0)) c.error([...wpath, 'set'], 'at least one weight must stay above zero');
      out.weights = { tier: names.indexOf(f.weights.tier), weightByServer, apiDelaySeconds: c.seconds([...wpath, 'apiDelay'], f.weights.apiDelay) };
    }
  }
  return out;
}

function resolveIpFailover(c: Collector, path: Path, f: NonNullable<TierSpec['ipFailover']>, tier: ResolvedTier, spec: TierSpec): ResolvedIpFailover {
  if (tier.servers.length < 2) c.error(path, 'an IP failover needs a standby server', 'add a second server to the tier');
  if (spec.healthCheck) c.error(['tiers', tier.name, 'healthCheck'], 'an IP failover has no balancer to run health checks', 'remove "healthCheck" (set "ipFailover.monitor" instead)');
  if (spec.database) c.error(['tiers', tier.name, 'balancer'], '"ip-failover" is not supported on a database tier', 'use "database.failover"');
  const local = tier.servers.map((s) => localName(s.name));
  let masterIndex = 0;
  if (f.master !== undefined && c.reference([...path, 'master'], f.master, local, 'server')) masterIndex = local.indexOf(f.master);
  return { masterIndex, monitor: monitor(c, [...path, 'monitor'], f.monitor), moveSeconds: c.seconds([...path, 'move'], f.move) };
}

function resolveBackups(c: Collector, path: Path, b: NonNullable<TierSpec['backups']>, spec: TierSpec): ResolvedBackups {
  if (!spec.database) c.error(path, 'backups are of a database', 'add a "database" section to this tier or move "backups" to the database tier');
  const schedules = b.schedules.map((s, i) => {
    const sp: Path = [...path, 'schedules', i];
    const everySeconds = positive(c, [...sp, 'every'], s.every);
    const keepSeconds = s.keep === undefined ? Infinity : c.seconds([...sp, 'keep'], s.keep);
    if (keepSeconds < everySeconds) c.warn([...sp, 'keep'], `copies are kept ${s.keep}, less than the ${s.every} between two: at times none is left`, 'keep them at least "every"');
    return { kind: s.kind, everySeconds, offsetSeconds: instantSeconds(c, [...sp, 'offset'], s.offset), keepSeconds };
  });
  let restoreBps = NaN;
  const bw = parseBandwidth(b.restoreThroughput);
  if (bw instanceof UnitError || !(bw > 0)) c.error([...path, 'restoreThroughput'], `expected a throughput above zero such as "1Gbps", got ${JSON.stringify(b.restoreThroughput)}`);
  else restoreBps = bw;
  return {
    schedules,
    dataBytes: c.bytes([...path, 'dataSize'], b.dataSize),
    restoreBps,
    replayPerIncrementalSeconds: c.seconds([...path, 'replayPerIncremental'], b.replayPerIncremental),
    detectionSeconds: c.seconds([...path, 'detection'], b.detection),
  };
}

function resolveDrp(c: Collector, path: Path, d: NonNullable<TierSpec['drp']>, tier: ResolvedTier, spec: TierSpec): ResolvedDrp {
  if (spec.database) c.error(path, 'a DRP copy of a database tier is not supported yet', 'put the DRP on the application tiers');
  if (tier.balancer === 'ip-failover' || tier.balancer === 'dns-round-robin') c.error(path, `a DRP behind "${tier.balancer}" is not supported`, 'use a balancer with a backend list');
  const local = tier.servers.map((s) => localName(s.name));
  const servers: number[] = [];
  d.servers.forEach((name, i) => {
    if (c.reference([...path, 'servers', i], name, local, 'server')) servers.push(local.indexOf(name));
  });
  if (servers.length >= tier.servers.length) c.error([...path, 'servers'], 'every server of the tier is in the DRP: none would be primary', 'list only the DRP site\'s servers');
  return { servers, monitor: monitor(c, [...path, 'monitor'], d.monitor), switchOverSeconds: c.seconds([...path, 'switchOver'], d.switchOver) };
}

/** Fill in the recovery sections of the resolved tiers (in place). */
export function resolveRecovery(c: Collector, parsed: ScenarioParsed, tiers: ResolvedTier[], incidents: readonly ResolvedIncident[]): void {
  const specs = Object.values(parsed.tiers);
  tiers.forEach((tier, ti) => {
    const spec = specs[ti]!;
    const tpath: Path = ['tiers', tier.name];
    const db = spec.database;
    if (db?.replication === 'async' && db.failover && tier.database?.replication === 'async') {
      tier.database.failover = resolveFailover(c, [...tpath, 'database', 'failover'], db.failover, tier, spec, tiers);
    }
    if (spec.ipFailover !== undefined && spec.balancer !== 'ip-failover') c.error([...tpath, 'ipFailover'], '"ipFailover" needs "balancer": "ip-failover"', 'set the balancer, or remove "ipFailover"');
    if (spec.balancer === 'ip-failover' && spec.ipFailover === undefined) c.error([...tpath, 'balancer'], '"ip-failover" needs an "ipFailover" section (its monitor and move delay)', 'add "ipFailover": { "move": "30s" }');
    if (spec.ipFailover && spec.balancer === 'ip-failover') tier.ipFailover = resolveIpFailover(c, [...tpath, 'ipFailover'], spec.ipFailover, tier, spec);
    if (spec.backups) tier.backups = resolveBackups(c, [...tpath, 'backups'], spec.backups, spec);
    if (spec.drp) tier.drp = resolveDrp(c, [...tpath, 'drp'], spec.drp, tier, spec);
  });
  incidents.forEach((inc, i) => {
    if (!inc.destroysData) return;
    const hit = inc.target.kind === 'server' ? [inc.target.tier] : inc.target.kind === 'site' ? tiers.map((_, ti) => ti) : [];
    const site = inc.target.kind === 'site' ? inc.target.site : -1;
    const any = hit.some((ti) => tiers[ti]!.backups !== undefined && (site < 0 || tiers[ti]!.servers.some((s) => s.siteIndex === site)));
    if (!any) c.warn(['incidents', i, 'destroysData'], 'the incident hits no database tier with "backups": no data-loss record', 'add "backups" to the database tier');
  });
}
