import type { Clock } from '../../engine/clock.js';
import type { Database } from '../data/database.js';
import type { Outcomes } from '../request/outcomes.js';
import type { Server } from '../stations/server.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';
import { tierServes } from './tier-serving.js';

/** What happened during one incident, for the summary. Times are simulated seconds since the start. */
export interface IncidentRecord {
  /** "scheduled" (the scenario's incidents) or "failure" (drawn from MTBF/MTTR). */
  kind: 'scheduled' | 'failure';
  /** What failed: "server web/eg-1", "host esx-2", "site SBG", "balancer haproxy". */
  target: string;
  description: string;
  startSeconds: number;
  /** When a health check or a monitor first marked one of its servers down; null if nothing checked it (within the run). */
  detectedSeconds: number | null;
  /** What noticed: "health check of web", "failover monitor of mysql", …; null if nothing did. */
  detectedBy: string | null;
  /**
   * When the service was back: every tier it took servers from serves all
   * its traffic again (tierServes), its balancer is up, a cut link healed;
   * whatever did it (a mechanism, the repair, an HA restart after the
   * repair). Null if not within the run.
   */
  serviceRestoredSeconds: number | null;
  /** When it was repaired; null if not within the run. */
  repairedSeconds: number | null;
  /** Servers it took down (none for a balancer; for a host, the VMs that went down with it). */
  servers: string[];
  /**
   * Measured requests that failed while it was the earliest-started
   * incident whose service was not yet back: each failure is counted by
   * one incident at most, so these add up to no more than the run's
   * failures (see IncidentLog).
   */
  requestsFailed: number;
  /** What acted until the service was back, in order ("…; repair" when the repair was the last step); null when the repair alone brought it back, or nothing did. */
  recovery: string | null;
  /** Data lost (RPO as writes): writes not yet replicated to the promoted slave, or written since the last backup; null when no data was at stake. */
  writesLost: number | null;
  /** Data lost (RPO as time): from the oldest lost write, or the last good copy, to the failure [s]; null when no data was at stake. */
  rpoSeconds: number | null;
  /** Recovery time: from the start to the service restored [s]; null if not within the run. */
  rtoSeconds: number | null;
}

const UNKNOWN = -1;

/** Something that acted for an incident's service before it was back (the record's `recovery` lists them, with the recovery mechanisms). */
export interface RecoveryNote {
  atSeconds: number;
  how: string;
}

/** What else an incident hits besides servers, for knowing when its service is back. */
export interface IncidentScope {
  /** A balancer incident: back when this tier's balancer is up. */
  balancerOf?: Tier;
  /** A link partition: back at the repair (the heal). */
  untilRepair?: boolean;
}

/**
 * The run's incident journal, shared by scheduled incidents and random
 * failures. It keeps at most `limit` records (a year of MTBF-driven failures
 * over hundreds of servers would otherwise grow without bound) and counts
 * the rest.
 *
 * It listens to the state (a StateWatch: told after every death, revival,
 * health-check verdict, balancer failure, recovery action), so it knows the
 * moment each incident's service is back, whatever brought it back.
 *
 * Attribution of failed requests: between two state changes, the failures
 * go to the earliest-started incident whose service is not yet back (ties:
 * the first begun). Why that rule: a failure carries no record of which
 * broken part refused it, and keeping one per request would put work on the
 * hot path; with counters read at the (rare) state changes, each failure is
 * counted once, and while two incidents overlap the first one, which the
 * service was already down for, keeps them. Failures while no incident is
 * open (overload, timeouts) belong to none.
 */
export class IncidentLog implements StateWatch {
  readonly records: IncidentRecord[] = [];
  /** Incidents that started, including those beyond the record limit. */
  started = 0;
  /** Per record: the servers it took down, its scope, and whether its damage is done (watched from then on). */
  private readonly serverSets: Server[][] = [];
  private readonly scopes: IncidentScope[] = [];
  private readonly struckFlags: boolean[] = [];
  /** Per record: what acted before the service was back (health checks routing around, HA restarts), in order of first use. */
  readonly notes: RecoveryNote[][] = [];
  /** Records whose service is not back yet, in start order. */
  private readonly unrestored: number[] = [];
  /** Records not repaired yet (detection still counts for them). */
  private readonly unrepaired = new Set<number>();
  /** The records restored at `restoredAtSeconds` (the last instant any was). */
  private readonly restoredThen: number[] = [];
  private restoredAtSeconds = NaN;
  /** outcomes.failedTotal already attributed (or left to no incident). */
  private failedCounted = 0;
  private tiers: readonly Tier[] = [];
  private databases: ReadonlyArray<Database | undefined> = [];
  /** By tier index, during one change: whether it serves (1), not (0), not asked yet (UNKNOWN). */
  private serving: Int8Array = new Int8Array(0);
  /** By global server id: its tier index. */
  private tierOf: Int32Array = new Int32Array(0);

  constructor(
    private readonly outcomes: Outcomes,
    private readonly clock: Clock,
    private readonly limit = 1000,
  ) {}

  /** The tiers and their databases, to tell when a tier serves again. */
  connect(tiers: readonly Tier[], databases: ReadonlyArray<Database | undefined>): void {
    this.tiers = tiers;
    this.databases = databases;
    let size = 0;
    for (const t of tiers) for (const s of t.servers) size = Math.max(size, s.globalId + 1);
    this.serving = new Int8Array(tiers.length);
    this.tierOf = new Int32Array(size).fill(-1);
    for (const t of tiers) for (const s of t.servers) this.tierOf[s.globalId] = t.index;
  }

  /**
   * An incident starts now; returns its record id, or −1 beyond the limit.
   * Its service is watched once `struck` says its damage is done.
   */
  begin(kind: IncidentRecord['kind'], target: string, description: string, servers: readonly Server[], nowSeconds: number, scope: IncidentScope = {}): number {
    this.started++;
    if (this.records.length >= this.limit) return -1;
    // The failures so far belong to the incidents open until now.
    this.attribute();
    const id = this.records.length;
    this.records.push({
      kind,
      target,
      description,
      startSeconds: nowSeconds,
      detectedSeconds: null,
      detectedBy: null,
      serviceRestoredSeconds: null,
      repairedSeconds: null,
      servers: servers.map((s) => s.spec.name),
      requestsFailed: 0,
      recovery: null,
      writesLost: null,
      rpoSeconds: null,
      rtoSeconds: null,
    });
    this.serverSets.push([...servers]);
    this.scopes.push(scope);
    this.struckFlags.push(false);
    this.notes.push([]);
    this.unrestored.push(id);
    this.unrepaired.add(id);
    return id;
  }

  /** Servers that went down after the record began (VMs of a host, servers of a random failure). */
  addServers(id: number, servers: readonly Server[]): void {
    if (id < 0) return;
    for (const s of servers) {
      this.records[id]!.servers.push(s.spec.name);
      this.serverSets[id]!.push(s);
    }
  }

  /** The incident has done its damage: from now on, the first state in which it is served again restores it. */
  struck(id: number): void {
    if (id < 0) return;
    this.struckFlags[id] = true;
    this.changed();
  }

  /**
   * A health check or monitor (`by`) marked this server down. `recovered`:
   * what that did for the service (a balancer sending the traffic to the
   * servers left), listed in the record if it acted before the service was back.
   */
  detected(server: Server, nowSeconds: number, by: string, recovered: string | null = null): void {
    for (const id of this.unrepaired) {
      const r = this.records[id]!;
      if (!this.serverSets[id]!.includes(server)) continue;
      if (r.detectedSeconds === null) {
        r.detectedSeconds = nowSeconds;
        r.detectedBy = by;
      }
    }
    if (recovered !== null) this.note(server, nowSeconds, recovered);
  }

  /** A server of open incidents serves again before their repair (VMware HA restarted it on another host). */
  restarted(server: Server, nowSeconds: number, how: string): void {
    this.note(server, nowSeconds, how);
  }

  private note(server: Server, atSeconds: number, how: string): void {
    // The records still waiting, and those the act itself just restored (a VM's restart revives it before it is reported).
    const ids = atSeconds === this.restoredAtSeconds ? [...this.unrestored, ...this.restoredThen] : this.unrestored;
    for (const id of ids) {
      const notes = this.notes[id]!;
      if (this.serverSets[id]!.includes(server) && !notes.some((n) => n.how === how)) notes.push({ atSeconds, how });
    }
  }

  repaired(id: number, nowSeconds: number): void {
    if (id < 0 || !this.unrepaired.has(id)) return;
    this.records[id]!.repairedSeconds = nowSeconds;
    this.unrepaired.delete(id);
    this.changed();
  }

  /** The state changed: attribute the failures so far, then restore the incidents served again. */
  changed(): void {
    if (this.unrestored.length === 0) {
      this.failedCounted = this.outcomes.failedTotal;
      return;
    }
    this.attribute();
    const now = this.clock.now;
    this.serving.fill(UNKNOWN);
    for (let k = 0; k < this.unrestored.length; k++) {
      const id = this.unrestored[k]!;
      if (!this.struckFlags[id] || !this.serves(id)) continue;
      this.records[id]!.serviceRestoredSeconds = now;
      if (this.restoredAtSeconds !== now) this.restoredThen.length = 0;
      this.restoredAtSeconds = now;
      this.restoredThen.push(id);
      this.unrestored.splice(k--, 1);
    }
  }

  /** The run ends: the failures since the last change go to the incident still open. */
  finish(): void {
    this.attribute();
    this.unrestored.length = 0;
    this.unrepaired.clear();
  }

  private attribute(): void {
    const total = this.outcomes.failedTotal;
    const owner = this.unrestored[0];
    if (owner !== undefined) this.records[owner]!.requestsFailed += total - this.failedCounted;
    this.failedCounted = total;
  }

  private serves(id: number): boolean {
    const scope = this.scopes[id]!;
    if (scope.untilRepair === true && this.unrepaired.has(id)) return false;
    if (scope.balancerOf !== undefined && !scope.balancerOf.balancerUp) return false;
    for (const s of this.serverSets[id]!) {
      const ti = this.tierOf[s.globalId]!;
      if (ti < 0) continue;
      // Asked once per tier and change: a site's record lists many servers of few tiers.
      if (this.serving[ti] === UNKNOWN) this.serving[ti] = tierServes(this.tiers[ti]!, this.databases[ti]) ? 1 : 0;
      if (this.serving[ti] === 0) return false;
    }
    return true;
  }
}
