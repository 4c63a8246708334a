/**
 * Assembly of the random failures of balancers, links, monitors and Galera
 * arbitrators (issue #13), each an alternating renewal process on its own
 * stream like a server's, in one `RandomFailures` registered after the
 * recovery mechanisms (so scenarios without these failures are unchanged).
 *
 * - a balancer: its tier refuses everything (`noBackend`) until the repair
 *   when single; until `takeover` when a pair (the standby takes over);
 *   never when fault-tolerant. As a scheduled balancer incident does.
 * - a link: cut until the repair (as a scheduled partition).
 * - a monitor: blind until the repair (it neither detects a death nor a
 *   return meanwhile: `MonitorSwitch`).
 * - an arbitrator: its votes are missing until the repair.
 */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { FailingThing } from '../../scenario/resolved-more-failures.js';
import type { RequestPath } from '../flow/build-flow.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';
import { RandomFailures, type FailingUnit } from './failures.js';

/** Something that can be switched off and on (a monitor: `down`; an arbitrator: `up`). */
export interface MonitorSwitch {
  down: boolean;
}
export interface VoterSwitch {
  up: boolean;
}

export interface MoreFailureScope {
  tiers: readonly Tier[];
  path: RequestPath;
  incidentLog: IncidentLog;
  watch: StateWatch;
  /** The monitor of a tier's failover, IP failover or DRP, if built. */
  monitorOf: (tier: number, of: 'failover' | 'ip-failover' | 'drp') => MonitorSwitch | undefined;
  /** A Galera tier's arbitrator, if built. */
  arbitratorOf: (tier: number, arbitrator: number) => VoterSwitch | undefined;
}

export function addMoreFailures(sim: Simulation, scenario: ResolvedScenario, scope: MoreFailureScope): void {
  const more = scenario.moreFailures ?? [];
  if (more.length === 0) return;
  const units = more.flatMap(({ thing, failures }) => {
    const unit = unitOf(sim, scenario, thing, scope);
    return unit === undefined ? [] : [{ ...unit, ...failures }];
  });
  sim.add('more-failures', (ctx) => new RandomFailures(ctx, units, scope.incidentLog, (n) => sim.stream(n))).begin();
}

type Behaviour = Omit<FailingUnit, 'timeToFailure' | 'timeToRepair'>;

function unitOf(sim: Simulation, scenario: ResolvedScenario, thing: FailingThing, scope: MoreFailureScope): Behaviour | undefined {
  const { watch } = scope;
  const set = (apply: () => void) => (): [] => {
    apply();
    watch.changed();
    return [];
  };
  if (thing.kind === 'balancer') {
    const tier = scope.tiers[thing.tier]!;
    const r = tier.balancerRedundancy;
    const target = `balancer ${tier.name}`;
    if (r.kind === 'fault-tolerant') return { target, fail: () => [], repair: () => undefined, scope: { balancerOf: tier } };
    return {
      target,
      scope: { balancerOf: tier },
      fail: set(() => (tier.balancerUp = false)),
      repair: set(() => (tier.balancerUp = true)),
      ...(r.kind === 'pair' ? { takeover: { seconds: r.takeoverSeconds, run: set(() => (tier.balancerUp = true)) } } : {}),
    };
  }
  if (thing.kind === 'link') {
    const link = scope.path.links[thing.link]!;
    const cut = (on: boolean) => set(() => scope.path.linkTable.partition(link, on, sim.clock.now));
    return { target: `link ${scenario.sites[link.siteA]}–${scenario.sites[link.siteB]}`, scope: { untilRepair: true }, fail: cut(true), repair: cut(false) };
  }
  if (thing.kind === 'monitor') {
    const m = scope.monitorOf(thing.tier, thing.of);
    if (m === undefined) return undefined;
    return { target: `monitor ${thing.of} of ${scope.tiers[thing.tier]!.name}`, fail: set(() => (m.down = true)), repair: set(() => (m.down = false)) };
  }
  const a = scope.arbitratorOf(thing.tier, thing.arbitrator);
  if (a === undefined) return undefined;
  const name = scenario.tiers[thing.tier]!.database?.replication === 'galera' ? (scenario.tiers[thing.tier]!.database as { arbitrators: Array<{ name: string }> }).arbitrators[thing.arbitrator]!.name : '?';
  return { target: `arbitrator ${scope.tiers[thing.tier]!.name}/${name}`, fail: set(() => (a.up = false)), repair: set(() => (a.up = true)) };
}
