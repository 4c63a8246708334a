import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { Server } from '../stations/server.js';

/** A VM of the group: a server placed on one of the hosts. */
export interface PlacedVm {
  server: Server;
  /** Capacity units it takes on a host. */
  size: number;
  /** VMware Fault Tolerance: a shadow on another host takes over at once. */
  faultTolerant: boolean;
  /** Host it starts on. */
  host: number;
}

const RESTART = 0;
/** A VM that is down and waits for a host: its own (no HA) or any with room (HA). */
const NOWHERE = -1;

/**
 * A group of physical hosts and the VMs on them (a Dedicated Cloud).
 *
 * A host failure takes its VMs down, except Fault Tolerance VMs, whose
 * shadow on another live host takes over instantly (no request lost).
 * With VMware HA, each VM that went down is restarted after the restart
 * time (detection + boot) on the live host with the most room, if one has
 * room for it (admission control: NextRadioTV's hosts stay under 50% so
 * that one host's VMs fit on the others); a VM that fits nowhere waits for
 * a repair. Without HA a VM comes back with its own host.
 */
export class HostCluster implements Component {
  readonly alive: boolean[];
  /** Capacity left per host. */
  readonly free: number[];
  /** Per VM: the host it runs on, or NOWHERE while down. */
  readonly vmHost: Int32Array;
  /** Per VM: down because of its host (not some other cause), waiting for a restart or a repair. */
  private readonly waiting: Uint8Array;
  /** Per VM: an HA restart is scheduled. */
  private readonly restartPending: Uint8Array;
  /** Per host: causes holding it down at once (a random failure and a scheduled incident); it is back when none is left. */
  private readonly downCauses: Int32Array;
  /** Restarts done by HA, for the summary. */
  restarts = 0;

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
    this.waiting = new Uint8Array(vms.length);
    this.restartPending = new Uint8Array(vms.length);
    for (const v of vms) this.free[v.host]! -= v.size;
  }

  /** Host `h` fails: returns the VMs that went down. */
  fail(h: number): Server[] {
    if (this.downCauses[h]!++ > 0) return [];
    this.alive[h] = false;
    const down: Server[] = [];
    this.vms.forEach((vm, i) => {
      if (this.vmHost[i] !== h) return;
      this.free[h]! += vm.size;
      const shadow = vm.faultTolerant ? this.roomiest(0) : NOWHERE;
      if (shadow !== NOWHERE) {
        // The shadow was already running there in lockstep: it simply carries on.
        this.vmHost[i] = shadow;
        this.free[shadow]! -= vm.size;
        return;
      }
      this.vmHost[i] = NOWHERE;
      this.waiting[i] = 1;
      vm.server.takeDown();
      down.push(vm.server);
      if (this.haRestart) this.scheduleRestart(i);
    });
    return down;
  }

  /** Host `h` is repaired (or replaced). */
  repair(h: number): void {
    if (this.downCauses[h] === 0 || --this.downCauses[h]! > 0) return;
    this.alive[h] = true;
    this.vms.forEach((vm, i) => {
      if (this.waiting[i] === 0) return;
      if (this.haRestart) {
        // HA boots a VM it could not place once a host has room again.
        if (this.restartPending[i] === 0) this.scheduleRestart(i);
      } else if (vm.host === h) {
        this.place(i, h, null);
      }
    });
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
    const h = this.roomiest(this.vms[i]!.size);
    if (h === NOWHERE) return; // waits for a repair
    this.restarts++;
    this.place(i, h, 'VMware HA restarted the VMs on other hosts');
  }

  /** `how`: what brought it back before its host's repair, if anything (for the incident log). */
  private place(i: number, h: number, how: string | null): void {
    this.vmHost[i] = h;
    this.free[h]! -= this.vms[i]!.size;
    this.waiting[i] = 0;
    const server = this.vms[i]!.server;
    server.bringUp();
    if (how !== null && server.alive) this.onRestart?.(server, this.ctx.now, how);
  }

  /** The live host with the most room, if it has at least `size`; NOWHERE otherwise. */
  private roomiest(size: number): number {
    let best = NOWHERE;
    for (let h = 0; h < this.alive.length; h++) {
      if (this.alive[h] && this.free[h]! >= size && (best === NOWHERE || this.free[h]! > this.free[best]!)) best = h;
    }
    return best;
  }
}
