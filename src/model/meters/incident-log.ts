import type { Outcomes } from '../request/outcomes.js';
import type { Server } from '../stations/server.js';

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
  /** When service through a failed balancer resumed (a standby took over, or the repair); null otherwise. */
  serviceRestoredSeconds: number | null;
  /** When it was repaired; null if not within the run. */
  repairedSeconds: number | null;
  /** Servers it took down (none for a balancer; for a host, the VMs that went down with it). */
  servers: string[];
  /**
   * Measured requests that failed, for any reason, from the start of the
   * incident to its repair (or the end of the run): what the incident cost,
   * plus whatever else failed meanwhile.
   */
  requestsFailed: number;
  /** What brought the service back before the repair: "database failover to mysql/rbx", "IP moved to …", "DRP …", "restore from backup"; null if nothing did. */
  recovery: string | null;
  /** Data lost (RPO as writes): writes not yet replicated to the promoted slave, or written since the last backup; null when no data was at stake. */
  writesLost: number | null;
  /** Data lost (RPO as time): from the oldest lost write, or the last good copy, to the failure [s]; null when no data was at stake. */
  rpoSeconds: number | null;
  /** Recovery time: from the start to the service restored (by a recovery mechanism, else the repair) [s]; null if neither happened within the run. */
  rtoSeconds: number | null;
}

/**
 * The run's incident journal, shared by scheduled incidents and random
 * failures. It keeps at most `limit` records (a year of MTBF-driven failures
 * over hundreds of servers would otherwise grow without bound) and counts
 * the rest.
 */
export class IncidentLog {
  readonly records: IncidentRecord[] = [];
  /** Incidents that started, including those beyond the record limit. */
  started = 0;
  private readonly failedAtStart: number[] = [];
  /** Per record: global ids of its servers (for detection). */
  private readonly serverIds: number[][] = [];
  /** Records not yet repaired. */
  private readonly open = new Set<number>();
  /**
   * Per record: its servers whose traffic is served again (a balancer sent
   * it to the servers left, or the server was restarted elsewhere), and how.
   * The service is restored when every server of the record is covered.
   */
  private readonly covered: Array<Map<number, string>> = [];

  constructor(
    private readonly outcomes: Outcomes,
    private readonly limit = 1000,
  ) {}

  /** An incident starts now; returns its record id, or −1 beyond the limit. */
  begin(kind: IncidentRecord['kind'], target: string, description: string, servers: readonly Server[], nowSeconds: number): number {
    this.started++;
    if (this.records.length >= this.limit) return -1;
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
    this.failedAtStart.push(this.outcomes.failedTotal);
    this.covered.push(new Map());
    this.serverIds.push(servers.map((s) => s.globalId));
    this.open.add(id);
    return id;
  }

  /** Servers that went down after the record began (VMs of a host whose HA gave up, for instance). */
  addServers(id: number, servers: readonly Server[]): void {
    if (id < 0) return;
    for (const s of servers) {
      this.records[id]!.servers.push(s.spec.name);
      this.serverIds[id]!.push(s.globalId);
    }
  }

  /**
   * A health check or monitor (`by`) marked this server down. `recovered`:
   * that alone restored the service (a balancer sending the traffic to the
   * servers left), said so in the record.
   */
  detected(server: Server, nowSeconds: number, by: string, recovered: string | null = null): void {
    for (const id of this.open) {
      const r = this.records[id]!;
      if (!this.serverIds[id]!.includes(server.globalId)) continue;
      if (r.detectedSeconds === null) {
        r.detectedSeconds = nowSeconds;
        r.detectedBy = by;
      }
      if (recovered !== null) this.cover(id, server, recovered, nowSeconds);
    }
  }

  /** A server of open incidents serves again before their repair (VMware HA restarted it on another host). */
  restarted(server: Server, nowSeconds: number, how: string): void {
    for (const id of this.open) if (this.serverIds[id]!.includes(server.globalId)) this.cover(id, server, how, nowSeconds);
  }

  /** Once every server of the record is covered, the service is restored: say how, in order of first use. */
  private cover(id: number, server: Server, how: string, nowSeconds: number): void {
    const covered = this.covered[id]!;
    if (covered.has(server.globalId)) return;
    covered.set(server.globalId, how);
    const r = this.records[id]!;
    if (r.recovery !== null || covered.size < this.serverIds[id]!.length) return;
    r.recovery = [...new Set(covered.values())].join('; ');
    r.serviceRestoredSeconds ??= nowSeconds;
  }

  restored(id: number, nowSeconds: number): void {
    if (id < 0) return;
    this.records[id]!.serviceRestoredSeconds ??= nowSeconds;
  }

  repaired(id: number, nowSeconds: number): void {
    if (id < 0 || !this.open.has(id)) return;
    const r = this.records[id]!;
    r.repairedSeconds = nowSeconds;
    r.requestsFailed = this.outcomes.failedTotal - this.failedAtStart[id]!;
    this.open.delete(id);
  }

  /** The run ends: incidents still open count their failures up to now. */
  finish(): void {
    for (const id of this.open) this.records[id]!.requestsFailed = this.outcomes.failedTotal - this.failedAtStart[id]!;
    this.open.clear();
  }
}
