import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { CheckedBackend } from '../network/health-checker.js';
import type { Server } from '../stations/server.js';

const ACTIVATE = 0;

/** One activation of a DRP site, for the summary. */
export interface DrpRecord {
  tier: string;
  /** The DRP servers woken. */
  servers: string[];
  /** When the last primary server died [s]. */
  failedAtSeconds: number;
  /** When the monitor had declared every primary down [s]. */
  detectedSeconds: number;
  /** When the DRP servers started serving [s]; null if not within the run, or cancelled. */
  activatedSeconds: number | null;
  /** When the switch-over was called off because a primary was seen back before it ended (an HA restart, a quick repair) [s]; null otherwise. */
  cancelledSeconds: number | null;
}

/**
 * A disaster-recovery copy of a tier in another site (Keyzee, NextRadioTV's
 * sleeping SBG cloud): its servers sleep — stopped, receiving nothing —
 * until a monitor has declared every primary server down; `switchOver`
 * later they are started and put in the balancer, and serve with their own
 * (smaller) capacity: degraded mode. If the monitor sees a primary back
 * before the switch-over ends (VMware HA restarted it, a short outage), the
 * switch-over is called off: the DRP stays asleep. Once active, it stays
 * active after the primary is repaired (failing back is a manual, planned
 * operation, not modelled).
 */
export class DrpSite implements Component {
  readonly records: DrpRecord[] = [];
  readonly views: CheckedBackend[];
  private active = false;
  private pending = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly tierName: string,
    private readonly switchOverSeconds: number,
    private readonly primaries: readonly Server[],
    private readonly standby: readonly Server[],
  ) {
    this.views = primaries.map((s) => ({
      get alive() {
        return s.alive;
      },
      up: true,
    }));
    // Asleep: not running, not in the balancer. Mortal so an incident can still hit them once woken.
    for (const s of standby) {
      s.mortal = true;
      s.alive = false;
      s.up = false;
      // Out of the pool: no health check probes it, and a repair of its host or site does not wake it.
      s.inPool = false;
    }
  }

  /** The monitor's verdict on primary `i`. */
  onMonitor(_i: number, up: boolean): void {
    if (up && this.pending) {
      // The primary came back first: no need to wake the DRP (its event is ignored).
      this.pending = false;
      this.records[this.records.length - 1]!.cancelledSeconds = this.ctx.now;
      return;
    }
    if (up || this.active || this.pending || this.views.some((v) => v.up)) return;
    this.pending = true;
    this.records.push({
      tier: this.tierName,
      servers: this.standby.map((s) => s.spec.name),
      failedAtSeconds: this.primaries.reduce((m, s) => (Number.isNaN(s.diedAtSeconds) ? m : Math.max(m, s.diedAtSeconds)), -Infinity),
      detectedSeconds: this.ctx.now,
      activatedSeconds: null,
      cancelledSeconds: null,
    });
    this.ctx.schedule(this.switchOverSeconds, ACTIVATE, this.records.length - 1);
  }

  handle(_kind: number, recordIndex: number): void {
    // Called off meanwhile (a later switch-over has its own event).
    if (!this.pending || recordIndex !== this.records.length - 1) return;
    this.pending = false;
    this.active = true;
    // The switch-over repoints the traffic: the primaries the monitor declared down leave the balancer
    // (with no health check of its own, the tier would otherwise keep sending them their share).
    this.primaries.forEach((s, i) => {
      if (!this.views[i]!.up) s.up = false;
    });
    for (const s of this.standby) {
      s.inPool = true;
      if (!s.heldDown) s.revive();
      s.up = true;
    }
    this.records[recordIndex]!.activatedSeconds = this.ctx.now;
  }
}
