import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { Server } from '../stations/server.js';

/** A VM of the group placed on one of the hosts: a server, or a machine instance with every tier on it. */
export interface PlacedVm {
  /** The servers it runs (one, or one per tier of a machine): they go down and come back together. */
  servers: Server[];
  /** Capacity units it takes on a host (its FT shadow takes as much on another). */
  size: number;
  /** VMware Fault Tolerance: a shadow on another host takes over at once. */
  faultTolerant: boolean;
  /** Host it starts on; -1 for an elastic instance that starts powered off. */
  host: number;
  /** Host of its FT shadow at the start; -1 when none. */
  shadowHost?: number;
  /** Indices (in `vms`) of the VMs an anti-affinity rule keeps off its host. */
  apart?: readonly number[];
}

const RESTART = 0;
/** A VM that is down and waits for a host: its own (no HA) or any with room (HA); or one powered off. */
const NOWHERE = -1;

/**
 * A group of physical hosts and the VMs on them (a Dedicated Cloud).
 *
 * A host failure takes its VMs down, except Fault Tolerance VMs, whose
 * shadow on another live host takes over instantly (no request lost). A
 * shadow reserves the VM's size on its host; after a takeover (or when the
 * shadow's own host fails) a new shadow is started on the live host with
 * the most room, if one has room, else the VM runs unprotected until a
 * repair gives it one. With VMware HA, each VM that went down is restarted
 * after the restart time (detection + boot) on the live host with the most
 * room, if one has room for it (admission control: NextRadioTV's hosts stay
 * under 50% so that one host's VMs fit on the others) and holds no VM an
 * anti-affinity rule keeps apart from it; a VM that fits nowhere waits for
 * a repair. Without HA a VM comes back with its own host. Elastic
 * instances are placed the same way when the autoscaler powers them on
 * (`powerOn`), and give their room back when powered off.
 */
export class HostCluster implements Component {
  readonly alive: boolean[];
  /** Capacity left per host (VMs and FT shadows reserve theirs). */
  readonly free: number[];
  /** Per VM: the host it runs on, or NOWHERE while down or powered off. */
  readonly vmHost: Int32Array;
  /** Per VM: the host of its FT shadow, or NOWHERE. */
  readonly shadowHost: Int32Array;
  /** Per VM: down because of its host (not some other cause), waiting for a restart or a repair. */
  private readonly waiting: Uint8Array;
  /** Per VM: the host it was on when it went down (without HA it comes back with that host). */
  private readonly downOn: Int32Array;
  /** Per VM: an HA restart is scheduled. */
  private readonly restartPending: Uint8Array;
  /** Per host: causes holding it down at once (a random failure and a scheduled incident); it is back when none is left. */
  private readonly downCauses: Int32Array;
  /** Restarts done by HA, for the summary. */
  restarts = 0;
  /** FT takeovers: a shadow carried on when its VM's host failed. */
  takeovers = 0;

  constructor(
    private readonly ctx: SimContext,
    readonly name: string,
    readonly capacity: number,
    hostCount: number,
    readonly vms: readonly PlacedVm[],
    private readonly haRestart: Distribution | undefined,
    /** Told when a VM serves again (the incident log). */
    private readonly onRestart?: (server: Server, nowSeconds: number, how: string) => void,
  ) {
    this.alive = new Array<boolean>(hostCount).fill(true);
    this.downCauses = new Int32Array(hostCount);
    this.free = new Array<number>(hostCount).fill(capacity);
    this.vmHost = Int32Array.from(vms, (v) => v.host);
    this.shadowHost = Int32Array.from(vms, (v) => v.shadowHost ?? NOWHERE);
    this.waiting = new Uint8Array(vms.length);
    this.downOn = new Int32Array(vms.length).fill(NOWHERE);
    this.restartPending = new Uint8Array(vms.length);
    vms.forEach((v, i) => {
      if (v.host >= 0) this.free[v.host]! -= v.size;
      if (this.shadowHost[i]! >= 0) this.free[this.shadowHost[i]!]! -= v.size;
    });
  }

  /** Host `h` fails: returns the servers that went down. */
  fail(h: number): Server[] {
    if (this.downCauses[h]!++ > 0) return [];
    this.alive[h] = false;
    const down: Server[] = [];
    this.vms.forEach((vm, i) => {
      if (this.shadowHost[i] === h) {
        // Its shadow is lost; the VM itself runs on: protect it again elsewhere.
        this.free[h]! += vm.size;
        this.shadowHost[i] = NOWHERE;
        if (this.vmHost[i] !== h) this.protect(i);
        if (this.vmHost[i] !== h) return;
      }
      if (this.vmHost[i] !== h) return;
      this.free[h]! += vm.size;
      const shadow = this.shadowHost[i]!;
      if (vm.faultTolerant && shadow !== NOWHERE) {
        // The shadow was already running there in lockstep, on its reserved room: it simply carries on.
        this.vmHost[i] = shadow;
        this.shadowHost[i] = NOWHERE;
        this.takeovers++;
        this.protect(i);
        return;
      }
      this.vmHost[i] = NOWHERE;
      this.downOn[i] = h;
      this.waiting[i] = 1;
      for (const s of vm.servers) {
        s.takeDown();
        down.push(s);
      }
      if (this.haRestart) this.scheduleRestart(i);
    });
    return down;
  }

  /** Host `h` is repaired (or replaced). */
  repair(h: number): void {
    if (this.downCauses[h] === 0 || --this.downCauses[h]! > 0) return;
    this.alive[h] = true;
    this.vms.forEach((_vm, i) => {
      if (this.waiting[i] === 0) return;
      if (this.haRestart) {
        // HA boots a VM it could not place once a host has room again.
        if (this.restartPending[i] === 0) this.scheduleRestart(i);
      } else if (this.downOn[i] === h) {
        this.place(i, h, null);
      }
    });
    // FT VMs left unprotected get a shadow again where there is room.
    this.vms.forEach((vm, i) => {
      if (vm.faultTolerant && this.vmHost[i]! >= 0 && this.shadowHost[i] === NOWHERE) this.protect(i);
    });
  }

  /** An elastic instance is powered on: place it on the live host with the most room; false if none has room. */
  powerOn(i: number): boolean {
    const h = this.roomiest(this.vms[i]!.size, i, NOWHERE);
    if (h === NOWHERE) return false;
    this.vmHost[i] = h;
    this.free[h]! -= this.vms[i]!.size;
    return true;
  }

  /** An elastic instance is powered off: its room is free again, and a restart it waited for is void. */
  powerOff(i: number): void {
    const h = this.vmHost[i]!;
    if (h >= 0) this.free[h]! += this.vms[i]!.size;
    this.vmHost[i] = NOWHERE;
    if (this.waiting[i] === 1) {
      this.waiting[i] = 0;
      // Clears the host as a cause; the servers stay off (out of the pool: Server.bringUp).
      for (const s of this.vms[i]!.servers) s.bringUp();
    }
  }

  handle(_kind: number, i: number): void {
    // RESTART: HA boots the VM on a live host with room, if any.
    this.restartPending[i] = 0;
    this.tryRestart(i);
  }

  private scheduleRestart(i: number): void {
    this.restartPending[i] = 1;
    this.ctx.schedule(this.haRestart!.sample(this.ctx.rng), RESTART, i);
  }

  private tryRestart(i: number): void {
    if (this.waiting[i] === 0) return;
    const h = this.roomiest(this.vms[i]!.size, i, NOWHERE);
    if (h === NOWHERE) return; // waits for a repair
    this.restarts++;
    this.place(i, h, 'VMware HA restarted the VMs on other hosts');
  }

  /** A new FT shadow for VM `i`, on another live host with room (none: it runs unprotected for now). */
  private protect(i: number): void {
    const vm = this.vms[i]!;
    if (!vm.faultTolerant) return;
    const h = this.roomiest(vm.size, -2, this.vmHost[i]!);
    if (h === NOWHERE) return;
    this.shadowHost[i] = h;
    this.free[h]! -= vm.size;
  }

  /** `how`: what brought it back before its host's repair, if anything (for the incident log). */
  private place(i: number, h: number, how: string | null): void {
    this.vmHost[i] = h;
    this.free[h]! -= this.vms[i]!.size;
    this.waiting[i] = 0;
    for (const server of this.vms[i]!.servers) {
      server.bringUp();
      if (how !== null && server.alive) this.onRestart?.(server, this.ctx.now, how);
    }
    this.protect(i);
  }

  /**
   * The live host with the most room, if it has at least `size`, is not
   * `except` and holds no VM that an anti-affinity rule keeps apart from VM
   * `i` (-2: no rule applies); NOWHERE otherwise.
   */
  private roomiest(size: number, i: number, except: number): number {
    const apart = i >= 0 ? this.vms[i]!.apart : undefined;
    let best = NOWHERE;
    for (let h = 0; h < this.alive.length; h++) {
      if (!this.alive[h] || h === except || this.free[h]! < size || (best !== NOWHERE && this.free[h]! <= this.free[best]!)) continue;
      if (apart !== undefined && apart.some((j) => this.vmHost[j] === h)) continue;
      best = h;
    }
    return best;
  }
}
