/**
 * Builds the recovery mechanisms of a scenario (database failover, IP
 * failover, backups, DRP sites) on top of the assembled tiers: each one a
 * component with its own monitor, registered under a stable name.
 */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { ResolvedMonitor } from '../../scenario/resolved-recovery.js';
import { IpFailoverBalancer } from '../balancers/ip-failover.js';
import { WeightedRoundRobin } from '../balancers/weighted-round-robin.js';
import { Backups } from './backups.js';
import { DatabaseFailover } from './db-failover.js';
import { DrpSite } from './drp-site.js';
import { HealthChecker, type CheckedBackend } from '../network/health-checker.js';
import { IpFailover } from './ip-failover.js';
import type { Tier } from '../stations/tier.js';
import { watched, type StateWatch } from '../stations/state-watch.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { Server } from '../stations/server.js';
import type { Database } from '../data/database.js';


export interface Recovery {
  /** By tier index. */
  failovers: Array<DatabaseFailover | undefined>;
  backups: Array<Backups | undefined>;
  ipFailovers: IpFailover[];
  drps: DrpSite[];
  /** The monitors, by "<tier index>:<failover|ip-failover|drp>": `down` blinds one (a random monitor failure). */
  monitors: Map<string, { down: boolean }>;
}

/**
 * The views a monitor probes, blinded while the monitor is down: each probe
 * then finds what the monitor already believes, so no verdict changes
 * (a dead server stays "up", a repaired one "down") until it is back and
 * probes the truth again, with `fall` / `rise` counted from then.
 */
function blindable(views: CheckedBackend[]): { state: { down: boolean }; views: CheckedBackend[] } {
  const state = { down: false };
  const wrapped = views.map(
    (v): CheckedBackend => ({
      get alive() {
        return state.down ? v.up : v.alive;
      },
      get up() {
        return v.up;
      },
      set up(x: boolean) {
        v.up = x;
      },
      get inPool() {
        return v.inPool;
      },
    }),
  );
  return { state, views: wrapped };
}


export function buildRecovery(sim: Simulation, scenario: ResolvedScenario, tiers: readonly Tier[], databases: ReadonlyArray<Database | undefined>, watch: StateWatch, log: IncidentLog): Recovery {
  /** A monitor over some of a tier's servers: tells the incident log what it notices, and the watch what it changes. */
  const monitor = (name: string, spec: ResolvedMonitor, plainViews: CheckedBackend[], watched: readonly Server[], onChange: (i: number, up: boolean) => void): { down: boolean } => {
    const { state, views } = blindable(plainViews);
    sim
      .add(name, (ctx) =>
        new HealthChecker(ctx, spec, views, (i, up, now) => {
          if (!up) log.detected(watched[i]!, now, `${name.slice(name.indexOf('#') + 1).replace(/-/g, ' ')} of ${name.slice(0, name.indexOf('#'))}`);
          onChange(i, up);
          watch.changed();
        }),
      )
      .begin();
    return state;
  };
  const recovery: Recovery = { failovers: tiers.map(() => undefined), backups: tiers.map(() => undefined), ipFailovers: [], drps: [], monitors: new Map() };
  scenario.tiers.forEach((t, ti) => {
    const tier = tiers[ti]!;
    const db = databases[ti];
    const failover = t.database?.replication === 'async' ? t.database.failover : undefined;
    if (failover !== undefined && db !== undefined) {
      const target = failover.weights ? tiers[failover.weights.tier]!.balancer : undefined;
      const weighted = target instanceof WeightedRoundRobin ? target : undefined;
      const f = sim.add(`${t.name}#failover`, (ctx) => watched(new DatabaseFailover(ctx, t.name, failover, db, tier.servers, weighted), watch));
      recovery.monitors.set(`${ti}:failover`, monitor(`${t.name}#failover-monitor`, failover.monitor, f.views, tier.servers, (i, up) => f.onMonitor(i, up)));
      recovery.failovers[ti] = f;
    }
    if (t.backups !== undefined && db !== undefined) {
      const spec = t.backups;
      // Named as the incident log names them, so the data loss is tied to the incident that destroyed the data.
      const hits = scenario.incidents.flatMap((inc) => {
        const target = inc.target;
        if (!inc.destroysData) return [];
        if (target.kind === 'server' && target.tier === ti) return [{ ...inc, target: `server ${tier.servers[target.server]!.spec.name}` }];
        if (target.kind === 'site' && t.servers.some((s) => s.siteIndex === target.site)) return [{ ...inc, target: `site ${scenario.sites[target.site]}` }];
        return [];
      });
      const b = sim.add(`${t.name}#backups`, (ctx) => watched(new Backups(ctx, t.name, spec, db, hits, () => sim.stream(`${t.name}#backups`)), watch));
      b.begin();
      recovery.backups[ti] = b;
    }
    if (t.ipFailover !== undefined && tier.balancer instanceof IpFailoverBalancer) {
      const spec = t.ipFailover;
      const balancer = tier.balancer;
      const f = sim.add(`${t.name}#ip-failover`, (ctx) => watched(new IpFailover(ctx, t.name, spec.moveSeconds, balancer, tier.servers), watch));
      recovery.monitors.set(`${ti}:ip-failover`, monitor(`${t.name}#ip-failover-monitor`, spec.monitor, f.views, tier.servers, (i, up) => f.onMonitor(i, up)));
      recovery.ipFailovers.push(f);
    }
    if (t.drp !== undefined) {
      const spec = t.drp;
      const standby = spec.servers.map((i) => tier.servers[i]!);
      const primaries = tier.servers.filter((_, i) => !spec.servers.includes(i));
      const d = sim.add(`${t.name}#drp`, (ctx) => watched(new DrpSite(ctx, t.name, spec.switchOverSeconds, primaries, standby), watch));
      recovery.monitors.set(`${ti}:drp`, monitor(`${t.name}#drp-monitor`, spec.monitor, d.views, primaries, (i, up) => d.onMonitor(i, up)));
      recovery.drps.push(d);
    }
  });
  return recovery;
}
