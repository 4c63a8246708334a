import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { IpFailoverBalancer } from '../balancers/ip-failover.js';
import type { CheckedBackend } from '../network/health-checker.js';
import type { Server } from '../stations/server.js';

const MOVE = 0;

/** One move of a failover IP, for the summary. */
export interface IpFailoverRecord {
  tier: string;
  /** The server that held the IP and died. */
  from: string;
  /** Where the IP went; null if no live standby was found (the IP stayed). */
  to: string | null;
  failedAtSeconds: number;
  detectedSeconds: number;
  /** When the IP answered on the standby [s]; null if it did not move. */
  movedSeconds: number | null;
}

/**
 * The industrial company's master/slave (book #03): a monitoring VPS probes
 * the servers; when the one holding the failover IP is declared down, it
 * moves the IP to a live standby through the OVH API, which takes `move`
 * (the API call, the routing update and starting the standby services).
 * Until then every request fails (refused by the dead holder). The IP does
 * not move back when the old master returns: it stays until the next
 * failure, like the book's ERP transfer.
 */
export class IpFailover implements Component {
  readonly records: IpFailoverRecord[] = [];
  readonly views: CheckedBackend[];
  private moving = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly tierName: string,
    private readonly moveSeconds: number,
    private readonly balancer: IpFailoverBalancer,
    private readonly servers: readonly Server[],
  ) {
    this.views = servers.map((s) => ({
      get alive() {
        return s.alive;
      },
      up: true,
    }));
  }

  /** The monitor's verdict on server `i` (the HealthChecker's onChange). */
  onMonitor(i: number, up: boolean): void {
    const holder = this.balancer.holder;
    if (!up && i === holder && !this.moving) {
      const s = this.servers[i]!;
      this.records.push({
        tier: this.tierName,
        from: s.spec.name,
        to: null,
        failedAtSeconds: Number.isNaN(s.diedAtSeconds) ? this.ctx.now : s.diedAtSeconds,
        detectedSeconds: this.ctx.now,
        movedSeconds: null,
      });
      this.moving = true;
      this.ctx.schedule(this.moveSeconds, MOVE, this.records.length - 1);
    } else if (up && !this.moving && !this.views[holder]!.up) {
      // The IP is stuck on a dead holder (no standby was alive): a server is back, move it there.
      const last = this.records[this.records.length - 1];
      if (last !== undefined && last.to === null && i !== holder) {
        this.moving = true;
        this.ctx.schedule(this.moveSeconds, MOVE, this.records.length - 1);
      }
    }
  }

  handle(_kind: number, recordIndex: number): void {
    this.moving = false;
    const holder = this.balancer.holder;
    const n = this.servers.length;
    for (let k = 1; k < n; k++) {
      const i = (holder + k) % n;
      if (this.views[i]!.up) {
        this.balancer.holder = i;
        const r = this.records[recordIndex]!;
        r.to = this.servers[i]!.spec.name;
        r.movedSeconds = this.ctx.now;
        return;
      }
    }
  }
}
