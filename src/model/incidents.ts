import type { Component } from '../engine/component.js';
import type { SimContext } from '../engine/context.js';
import type { ResolvedIncident } from '../scenario/resolved.js';
import type { Server } from './server.js';
import type { Tier } from './tier.js';

const START = 0;
const REPAIR = 1;
const TAKEOVER = 2;
const DNS_REMOVE = 3;
const DNS_RESTORE = 4;

/** What happened during an incident, for the summary. */
export interface IncidentRecord {
  description: string;
  startSeconds: number;
  /** When it was repaired [s]; null if not within the run. */
  repairedSeconds: number | null;
  /** Servers it took down (none for a balancer). */
  servers: string[];
  /** When service through a failed balancer resumed (a standby took over, or the repair) [s]; null otherwise. */
  serviceRestoredSeconds: number | null;
}

/** What an incident hits: servers, or the balancer in front of a tier. */
export interface IncidentTargets {
  servers: readonly Server[];
  balancerOf?: Tier;
  /** Per server: the operator's delay before updating a DNS record that lists it [s] (Infinity: no DNS, or never). */
  dnsUpdateSeconds?: readonly number[];
  /** A link partition: cut it (true) at the start, heal it (false) at the repair. */
  partition?: (on: boolean) => void;
}

/**
 * Plays scheduled incidents. Servers crash at `at` (requests inside fail,
 * connections are refused until the balancer's checks notice) and are
 * repaired after `for`, empty. A balancer that fails stops its tier: for
 * good until the repair when it is single; for `takeover` when a standby
 * pair takes over; not at all when fault-tolerant (a shadow in lockstep).
 * A link partition cuts the link from `at` until the repair (LinkTable).
 */
export class Incidents implements Component {
  readonly records: IncidentRecord[];

  constructor(
    private readonly ctx: SimContext,
    private readonly incidents: readonly ResolvedIncident[],
    private readonly targets: readonly IncidentTargets[],
  ) {
    this.records = incidents.map((inc, i) => ({
      description: inc.description,
      startSeconds: inc.atSeconds,
      repairedSeconds: null,
      servers: targets[i]!.servers.map((s) => s.spec.name),
      serviceRestoredSeconds: null,
    }));
  }

  begin(): void {
    this.incidents.forEach((inc, i) => {
      this.ctx.scheduleAt(inc.atSeconds, START, i);
      if (Number.isFinite(inc.forSeconds)) this.ctx.scheduleAt(inc.atSeconds + inc.forSeconds, REPAIR, i);
    });
  }

  handle(kind: number, i: number): void {
    const target = this.targets[i]!;
    const record = this.records[i]!;
    if (kind === TAKEOVER) {
      target.balancerOf!.balancerUp = true;
      record.serviceRestoredSeconds ??= this.ctx.now;
      return;
    }
    if (kind === DNS_REMOVE || kind === DNS_RESTORE) {
      // The operator edits the DNS record: new resolutions skip (or return) the address.
      const delays = target.dnsUpdateSeconds!;
      target.servers.forEach((s, k) => {
        if (Number.isFinite(delays[k]!)) s.up = kind === DNS_RESTORE;
      });
      return;
    }
    for (const s of target.servers) {
      if (kind === START) s.die();
      else s.revive();
    }
    target.partition?.(kind === START);
    const dns = target.dnsUpdateSeconds;
    if (dns !== undefined) {
      // One delay for the incident: the servers it hits are in tiers with the same operator.
      const delay = Math.min(...dns);
      if (Number.isFinite(delay)) this.ctx.schedule(delay, kind === START ? DNS_REMOVE : DNS_RESTORE, i);
    }
    const tier = target.balancerOf;
    if (tier !== undefined) {
      const redundancy = tier.balancerRedundancy;
      if (kind === START) {
        if (redundancy.kind === 'fault-tolerant') record.serviceRestoredSeconds = this.ctx.now;
        else {
          tier.balancerUp = false;
          if (redundancy.kind === 'pair') this.ctx.schedule(redundancy.takeoverSeconds, TAKEOVER, i);
        }
      } else if (!tier.balancerUp) {
        tier.balancerUp = true;
        record.serviceRestoredSeconds ??= this.ctx.now;
      }
    }
    if (kind === REPAIR) record.repairedSeconds = this.ctx.now;
  }
}
