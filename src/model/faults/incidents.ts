import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { ResolvedIncident } from '../../scenario/resolved.js';
import type { HostCluster } from './hosts.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { Server } from '../stations/server.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';

const START = 0;
const REPAIR = 1;
const TAKEOVER = 2;
const DNS_REMOVE = 3;
const DNS_RESTORE = 4;

/** What an incident hits: servers, or the balancer in front of a tier. */
export interface IncidentTargets {
  servers: readonly Server[];
  balancerOf?: Tier;
  /** Per server: the operator's delay before updating a DNS record that lists it [s] (Infinity: no DNS, or never). */
  dnsUpdateSeconds?: readonly number[];
  /** A physical host (its VMs go down with it). */
  host?: { cluster: HostCluster; index: number };
  /** As the record names it: "server web/eg-1", "site SBG", … */
  target: string;
  /** A link partition: cut it (true) at the start, heal it (false) at the repair. */
  partition?: (on: boolean) => void;
}

/**
 * Plays scheduled incidents. Servers crash at `at` (requests inside fail,
 * connections are refused until the balancer's checks notice, or hang
 * until the connect timeout in mode "vanish") and are
 * repaired after `for`, empty. A balancer that fails stops its tier: for
 * good until the repair when it is single; for `takeover` when a standby
 * pair takes over; not at all when fault-tolerant (a shadow in lockstep).
 * A link partition cuts the link from `at` until the repair (LinkTable).
 */
export class Incidents implements Component {
  /** Record id in the log, per incident (−1 before it starts). */
  private readonly recordIds: Int32Array;
  /** Per incident in mode "vanish": the servers it made vanish, until its repair. */
  private readonly vanishedBy = new Map<number, readonly Server[]>();

  constructor(
    private readonly ctx: SimContext,
    private readonly incidents: readonly ResolvedIncident[],
    private readonly targets: readonly IncidentTargets[],
    private readonly log: IncidentLog,
    private readonly watch: StateWatch,
  ) {
    this.recordIds = new Int32Array(incidents.length).fill(-1);
  }

  begin(): void {
    this.incidents.forEach((inc, i) => {
      this.ctx.scheduleAt(inc.atSeconds, START, i);
      if (Number.isFinite(inc.forSeconds)) this.ctx.scheduleAt(inc.atSeconds + inc.forSeconds, REPAIR, i);
    });
  }

  /** The incident's servers vanish (no RST): connects to them hang while they are dead. */
  private vanish(i: number, servers: readonly Server[]): void {
    for (const s of servers) s.vanishCauses++;
    this.vanishedBy.set(i, servers);
  }

  private unvanish(i: number): void {
    for (const s of this.vanishedBy.get(i) ?? []) s.vanishCauses--;
    this.vanishedBy.delete(i);
  }

  handle(kind: number, i: number): void {
    const target = this.targets[i]!;
    const now = this.ctx.now;
    if (kind === TAKEOVER) {
      // The standby balancer took over: the log sees the tier serve again.
      target.balancerOf!.balancerUp = true;
      this.watch.changed();
      return;
    }
    if (kind === DNS_REMOVE || kind === DNS_RESTORE) {
      // The operator edits the DNS record: new resolutions skip (or return) the address.
      const delays = target.dnsUpdateSeconds!;
      target.servers.forEach((s, k) => {
        if (Number.isFinite(delays[k]!)) s.up = kind === DNS_RESTORE;
      });
      this.watch.changed();
      return;
    }
    // The record opens before the crash so that the requests lost in it count.
    if (kind === START) {
      const scope = { ...(target.balancerOf ? { balancerOf: target.balancerOf } : {}), ...(target.partition ? { untilRepair: true } : {}) };
      this.recordIds[i] = this.log.begin('scheduled', target.target, this.incidents[i]!.description, target.servers, now, scope);
    }
    const vanish = this.incidents[i]!.vanish === true;
    if (target.host !== undefined) {
      if (kind === START) {
        const down = target.host.cluster.fail(target.host.index);
        if (vanish) this.vanish(i, down);
        this.log.addServers(this.recordIds[i]!, down);
      } else {
        target.host.cluster.repair(target.host.index);
        this.unvanish(i);
      }
    } else {
      // Counted causes: a server already down for another reason stays down until both are over.
      if (vanish && kind === START) this.vanish(i, target.servers);
      for (const s of target.servers) {
        if (kind === START) s.takeDown();
        else s.bringUp();
      }
      if (kind !== START) this.unvanish(i);
    }
    if (target.partition !== undefined) {
      target.partition(kind === START);
      this.watch.changed(); // a split Galera cluster may lose its quorum
    }
    const dns = target.dnsUpdateSeconds;
    if (dns !== undefined) {
      // One delay for the incident: the servers it hits are in tiers with the same operator.
      const delay = Math.min(...dns);
      if (Number.isFinite(delay)) this.ctx.schedule(delay, kind === START ? DNS_REMOVE : DNS_RESTORE, i);
    }
    const tier = target.balancerOf;
    if (tier !== undefined) {
      const redundancy = tier.balancerRedundancy;
      // Fault-tolerant: the shadow carries on, the tier never stops (the log sees it serve at once).
      if (kind === START) {
        if (redundancy.kind !== 'fault-tolerant') {
          tier.balancerUp = false;
          if (redundancy.kind === 'pair') this.ctx.schedule(redundancy.takeoverSeconds, TAKEOVER, i);
        }
      } else tier.balancerUp = true;
      this.watch.changed();
    }
    if (kind === START) this.log.struck(this.recordIds[i]!);
    else this.log.repaired(this.recordIds[i]!, now);
  }
}
