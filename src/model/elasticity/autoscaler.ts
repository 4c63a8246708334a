import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { ResolvedAutoscaling } from '../../scenario/resolved-elastic.js';
import { snapshot, windowQuantile, type HistogramSnapshot } from '../../stats/window-quantile.js';
import type { Server } from '../stations/server.js';
import type { Tier } from '../stations/tier.js';

const EVALUATE = 0;
const PROVISIONED = 1;
const DRAIN_CHECK = 2;
const SCHEDULED = 3;

const OFF = 0;
const PROVISIONING = 1;
const SERVING = 2;
const DRAINING = 3;

/** How often a draining instance is looked at to see whether it is empty [s]. */
const DRAIN_POLL_SECONDS = 1;

/** Powers an instance's VM on and off on its hosts (faults/hosts.ts owns the placement). */
export interface InstancePlacement {
  /** Place the VM where there is room; false if no host has room. */
  powerOn(): boolean;
  /** Give its room back. */
  powerOff(): void;
}

/** One entry of the autoscaling timeline. */
export interface ScalingEvent {
  atSeconds: number;
  /** scale-out / scale-in: a decision (from → to instances wanted); in-service: an instance starts serving; powered-off: one is removed. */
  action: 'scale-out' | 'scale-in' | 'in-service' | 'powered-off';
  /** Instances wanted (provisioning + serving) before and after a decision. */
  from?: number;
  to?: number;
  /** The instance an in-service / powered-off entry is about. */
  instance?: string;
  /** The metric that triggered a policy decision, and its value over the last period. */
  metric?: string;
  value?: number;
  reason: string;
  /** Counts right after the event. */
  serving: number;
  provisioning: number;
  draining: number;
}

/** What one replication's autoscaler did (JSON-safe). */
export interface AutoscalingResult {
  tier: string;
  group: string;
  /** The timeline, capped at TIMELINE_CAP entries. */
  timeline: ScalingEvent[];
  /** Entries left out past the cap. */
  timelineOmitted: number;
  /** Σ instance lifetimes, from the request to the power-off (or the end of the run) [h]. */
  instanceHours: number;
  /** Σ ⌈lifetime / 1 h⌉: hours billed when a started hour is due in full. */
  billedHours: number;
  /** Instances started (those running at t = 0 included): setup fees. */
  instancesStarted: number;
  /** Time-averaged number of serving instances over the run. */
  meanServing: number;
  maxServing: number;
  minServing: number;
  scaleOuts: number;
  scaleIns: number;
  /** Requests that were still inside an instance when its drain timed out (they failed). */
  lostAtPowerOff: number;
}

/** The replication keeps at most this many timeline entries. */
export const TIMELINE_CAP = 2000;

/** Hours billed for one lifetime: every started hour in full (61 min → 2 h, 60 min → 1 h). */
export function billedHours(lifetimeSeconds: number): number {
  // The tolerance keeps an exact hour computed with rounding noise (3600.0000000001 s) at 1 h.
  return lifetimeSeconds > 0 ? Math.ceil(lifetimeSeconds / 3600 - 1e-9) : 0;
}

/**
 * The autoscaler of one elastic server group: every `period` it measures
 * the tier over the last period (utilisation, queue, request rate from the
 * servers' own integrals and counters, p95 latency from the tier's
 * histogram: nothing on the per-request path), compares with the policies'
 * thresholds, respects the cooldowns and the bounds, and starts or removes
 * instances. Scheduled actions change the bounds or the count at set times.
 *
 * An instance is one of the group's pre-built servers: off (dead and out of
 * the pool), provisioning (billed, not yet serving: the delay covers boot,
 * configuration and registration in the balancer), serving, or draining
 * (out of the pool, finishing its requests; powered off when empty or at the
 * drain timeout, when the requests still inside fail). A scale-out takes a
 * draining instance back first (it is still running and registered), else
 * starts the lowest-numbered off one; a scale-in removes the newest
 * provisioning instance first (its order is cancelled), else the newest
 * serving one.
 */
export class Autoscaler implements Component {
  private readonly state: Int8Array;
  private readonly requestedAt: Float64Array;
  private readonly servingSince: Float64Array;
  private readonly timers: Int32Array;
  private readonly drainDeadline: Float64Array;
  private min: number;
  private max: number;
  private lastScaleOut = -Infinity;
  private lastScaling = -Infinity;
  private lastEval = 0;
  // Previous values of the tier's servers' integrals and counters (per tier server).
  private readonly lastBusy: Float64Array;
  private readonly lastQueue: Float64Array;
  private readonly lastServed: Float64Array;
  private lastLatency: HistogramSnapshot | undefined;
  private readonly usesLatency: boolean;

  private readonly timeline: ScalingEvent[] = [];
  private omitted = 0;
  private lifetimeSeconds = 0;
  private billed = 0;
  private started = 0;
  private servingArea = 0;
  private servingChangedAt = 0;
  private maxServing = 0;
  private minServing = Infinity;
  private scaleOuts = 0;
  private scaleIns = 0;
  private lostAtPowerOff = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: ResolvedAutoscaling,
    private readonly tier: Tier,
  ) {
    const n = spec.serverIndices.length;
    this.state = new Int8Array(n);
    this.requestedAt = new Float64Array(n);
    this.servingSince = new Float64Array(n);
    this.timers = new Int32Array(n).fill(-1);
    this.drainDeadline = new Float64Array(n);
    this.min = spec.min;
    this.max = spec.max;
    const m = tier.servers.length;
    this.lastBusy = new Float64Array(m);
    this.lastQueue = new Float64Array(m);
    this.lastServed = new Float64Array(m);
    this.usesLatency = spec.policies.some((p) => p.metric === 'latencyP95');
  }

  private instance(k: number): Server {
    return this.tier.servers[this.spec.serverIndices[k]!]!;
  }

  /** Per instance: the servers of the other tiers on the same machine, started and stopped with it (empty off a shared machine). */
  private readonly companions: Server[][] = [];

  /** Per instance: its VM's placement on hosts (elastic groups on hosts only). */
  private readonly placements: Array<InstancePlacement | undefined> = [];
  /** Scale-outs that found no host with room for an instance. */
  noRoom = 0;

  /** The group is on hosts: `of` gives each instance's placement (looked up by its server). */
  placeOn(of: ReadonlyMap<Server, InstancePlacement>): void {
    this.instances().forEach((s, k) => (this.placements[k] = of.get(s)));
  }

  /** The group's instances, in order (its servers in the tier). */
  instances(): Server[] {
    return Array.from(this.state, (_, k) => this.instance(k));
  }

  /** The instance and its companions. */
  private *members(k: number): Generator<Server> {
    yield this.instance(k);
    const more = this.companions[k];
    if (more) yield* more;
  }

  /**
   * The elastic group is on a shared machine: instance `k` starts and stops
   * with `servers`, the machine's other tiers (autoscaling adds the whole
   * machine). Called once the tiers are built; they take the instance's state.
   */
  addCompanions(k: number, servers: readonly Server[]): void {
    (this.companions[k] ??= []).push(...servers);
    for (const s of servers) {
      s.mortal = true;
      if (this.state[k] === SERVING) continue;
      s.die();
      s.up = false;
      s.inPool = false;
    }
  }

  /**
   * Before the run: the first `initial` instances serve, the others are off.
   * Every instance is mortal (it is powered off by `die`).
   */
  begin(): void {
    for (let k = 0; k < this.state.length; k++) {
      const s = this.instance(k);
      s.mortal = true;
      if (k < this.spec.initial) {
        this.state[k] = SERVING;
        this.started++;
      } else {
        s.die();
        s.up = false;
        s.inPool = false;
      }
    }
    this.maxServing = this.minServing = this.count(SERVING);
    this.ctx.schedule(this.spec.periodSeconds, EVALUATE);
    this.spec.scheduled.forEach((a, i) => this.ctx.scheduleAt(a.atSeconds, SCHEDULED, i));
  }

  handle(kind: number, arg: number): void {
    if (kind === EVALUATE) {
      this.evaluate();
      this.ctx.schedule(this.spec.periodSeconds, EVALUATE);
    } else if (kind === PROVISIONED) {
      this.timers[arg] = -1;
      if (this.state[arg] !== PROVISIONING) return;
      const s = this.instance(arg);
      for (const m of this.members(arg)) {
        m.inPool = true;
        // A new instance on a host (or in a site) that is down starts when that cause clears (Server.bringUp).
        if (!m.heldDown) m.revive();
        m.up = true;
      }
      this.setState(arg, SERVING);
      this.servingSince[arg] = this.ctx.now;
      this.record({ action: 'in-service', instance: s.spec.name, reason: 'provisioned' });
    } else if (kind === DRAIN_CHECK) {
      this.timers[arg] = -1;
      if (this.state[arg] === DRAINING) this.checkDrain(arg);
    } else {
      this.scheduledAction(arg);
    }
  }

  /** Instances in a state. */
  private count(state: number): number {
    let n = 0;
    for (let k = 0; k < this.state.length; k++) if (this.state[k] === state) n++;
    return n;
  }

  /** Instances wanted: serving or on their way. */
  private get current(): number {
    return this.count(SERVING) + this.count(PROVISIONING);
  }

  private evaluate(): void {
    const now = this.ctx.now;
    const dt = now - this.lastEval;
    this.lastEval = now;
    const servers = this.tier.servers;
    let busy = 0;
    let queue = 0;
    let served = 0;
    let slots = 0;
    let serving = 0;
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i]!;
      // Run-long counters: the warm-up reset of the statistics does not show here (it once read as utilisation 0).
      const busyArea = s.runBusyArea(now);
      const queueArea = s.runQueueArea(now);
      const servedNow = s.runServed;
      const dBusy = busyArea - this.lastBusy[i]!;
      const dQueue = queueArea - this.lastQueue[i]!;
      served += servedNow - this.lastServed[i]!;
      this.lastBusy[i] = busyArea;
      this.lastQueue[i] = queueArea;
      this.lastServed[i] = servedNow;
      if (s.alive && s.up) {
        busy += dBusy;
        queue += dQueue;
        slots += s.spec.slots;
        serving++;
      }
    }
    let latencyP95 = NaN;
    if (this.usesLatency) {
      const snap = snapshot(this.tier.latencyMs);
      latencyP95 = windowQuantile(this.lastLatency ?? new Map(), snap, 0.95);
      this.lastLatency = snap;
    }
    if (!(dt > 0)) return;
    // With no server serving, every metric but latency signals "too few".
    const value = (metric: string): number => {
      if (metric === 'latencyP95') return latencyP95;
      if (serving === 0) return Infinity;
      if (metric === 'utilisation') return busy / (slots * dt);
      if (metric === 'queue') return queue / dt / serving;
      return served / dt / serving; // rate
    };

    const current = this.current;
    if (current < this.min) return this.scaleTo(this.min, 'scale-out', `below the minimum ${this.min}`);
    if (current > this.max) return this.scaleTo(this.max, 'scale-in', `above the maximum ${this.max}`);
    let out: { metric: string; value: number; step: number; threshold: number } | undefined;
    let allIn = this.spec.policies.length > 0;
    let inStep = 0;
    let inWhy: { metric: string; value: number; threshold: number } | undefined;
    for (const p of this.spec.policies) {
      const v = value(p.metric);
      if (v > p.scaleOutAbove && (out === undefined || p.step > out.step)) out = { metric: p.metric, value: v, step: p.step, threshold: p.scaleOutAbove };
      if (v < p.scaleInBelow) {
        if (p.step > inStep) inStep = p.step;
        inWhy ??= { metric: p.metric, value: v, threshold: p.scaleInBelow };
      } else allIn = false;
    }
    if (out !== undefined) {
      if (current < this.max && now - this.lastScaleOut >= this.spec.scaleOutCooldownSeconds) {
        this.scaleTo(Math.min(this.max, current + out.step), 'scale-out', `${out.metric} ${round(out.value)} > ${out.threshold}`, out);
      }
    } else if (allIn && inWhy !== undefined && current > this.min && now - this.lastScaling >= this.spec.scaleInCooldownSeconds) {
      this.scaleTo(Math.max(this.min, current - inStep), 'scale-in', `${inWhy.metric} ${round(inWhy.value)} < ${inWhy.threshold}`, inWhy);
    }
  }

  private scheduledAction(i: number): void {
    const a = this.spec.scheduled[i]!;
    if (a.min !== undefined) this.min = a.min;
    if (a.max !== undefined) this.max = a.max;
    if (this.min > this.max) this.min = this.max;
    const current = this.current;
    const target = Math.min(this.max, Math.max(this.min, a.desired ?? current));
    if (target !== current) this.scaleTo(target, target > current ? 'scale-out' : 'scale-in', a.description);
  }

  private scaleTo(target: number, action: 'scale-out' | 'scale-in', reason: string, why?: { metric: string; value: number }): void {
    const from = this.current;
    if (target === from) return;
    const now = this.ctx.now;
    // The decision comes first in the timeline, before the power-offs it causes; its counts are filled in after.
    const entry = this.record({ action, from, to: target, reason, ...(why ? { metric: why.metric, value: round(why.value) } : {}) });
    if (target > from) {
      for (let n = from; n < target; n++) this.addOne();
      this.lastScaleOut = now;
      this.scaleOuts++;
    } else {
      for (let n = from; n > target; n--) this.removeOne();
      this.scaleIns++;
    }
    this.lastScaling = now;
    if (entry !== undefined) {
      entry.serving = this.count(SERVING);
      entry.provisioning = this.count(PROVISIONING);
      entry.draining = this.count(DRAINING);
    }
  }

  private addOne(): void {
    // A draining instance is still running and registered: take it back at once.
    let k = this.newest(DRAINING, this.servingSince);
    if (k >= 0) {
      if (this.timers[k]! >= 0) this.ctx.cancel(this.timers[k]!);
      this.timers[k] = -1;
      for (const s of this.members(k)) {
        s.up = true;
        s.inPool = true;
      }
      this.setState(k, SERVING);
      return;
    }
    k = this.state.indexOf(OFF);
    if (k < 0) return; // the resolver bounds max by the group built
    const placement = this.placements[k];
    if (placement !== undefined && !placement.powerOn()) {
      this.noRoom++; // no host has room for the VM: one instance fewer than decided
      return;
    }
    this.setState(k, PROVISIONING);
    this.requestedAt[k] = this.ctx.now;
    this.started++;
    this.timers[k] = this.ctx.startTimer(this.spec.provisioning.sample(this.ctx.rng), PROVISIONED, k);
  }

  private removeOne(): void {
    // An instance still provisioning: cancel the order (its started hour is still due).
    let k = this.newest(PROVISIONING, this.requestedAt);
    if (k >= 0) {
      this.ctx.cancel(this.timers[k]!);
      this.timers[k] = -1;
      this.powerOff(k);
      return;
    }
    k = this.newest(SERVING, this.servingSince);
    if (k < 0) return;
    // Out of the pool: no new requests; the ones inside finish (connection draining).
    for (const s of this.members(k)) {
      s.up = false;
      s.inPool = false;
    }
    this.setState(k, DRAINING);
    this.drainDeadline[k] = this.ctx.now + this.spec.drainSeconds;
    this.checkDrain(k);
  }

  private checkDrain(k: number): void {
    const s = this.instance(k);
    const left = this.drainDeadline[k]! - this.ctx.now;
    let inside = 0;
    for (const m of this.members(k)) if (m.alive) inside += m.inSystem;
    if (inside === 0 || !s.alive || left <= 0) {
      this.powerOff(k);
      return;
    }
    this.timers[k] = this.ctx.startTimer(Math.min(DRAIN_POLL_SECONDS, left), DRAIN_CHECK, k);
  }

  private powerOff(k: number): void {
    const s = this.instance(k);
    for (const m of this.members(k)) {
      this.lostAtPowerOff += m.alive ? m.inSystem : 0;
      m.die(); // requests still inside fail ("died")
      m.up = false;
      m.inPool = false;
    }
    this.placements[k]?.powerOff();
    this.closeLifetime(k, this.ctx.now);
    this.setState(k, OFF);
    this.record({ action: 'powered-off', instance: s.spec.name, reason: 'scale-in' });
  }

  private closeLifetime(k: number, end: number): void {
    const life = end - this.requestedAt[k]!;
    this.lifetimeSeconds += life;
    this.billed += billedHours(life);
  }

  /** The instance in `state` with the latest time in `since` (ties: the highest number), or −1. */
  private newest(state: number, since: Float64Array): number {
    let best = -1;
    for (let k = 0; k < this.state.length; k++) {
      if (this.state[k] === state && (best < 0 || since[k]! >= since[best]!)) best = k;
    }
    return best;
  }

  private setState(k: number, next: number): void {
    const was = this.state[k]!;
    if ((was === SERVING) !== (next === SERVING)) {
      const now = this.ctx.now;
      const serving = this.count(SERVING);
      this.servingArea += serving * (now - this.servingChangedAt);
      this.servingChangedAt = now;
      const after = serving + (next === SERVING ? 1 : -1);
      if (after > this.maxServing) this.maxServing = after;
      if (after < this.minServing) this.minServing = after;
    }
    this.state[k] = next;
  }

  private record(e: Omit<ScalingEvent, 'atSeconds' | 'serving' | 'provisioning' | 'draining'>): ScalingEvent | undefined {
    if (this.timeline.length >= TIMELINE_CAP) {
      this.omitted++;
      return undefined;
    }
    const entry: ScalingEvent = {
      atSeconds: round(this.ctx.now),
      ...e,
      serving: this.count(SERVING),
      provisioning: this.count(PROVISIONING),
      draining: this.count(DRAINING),
    };
    this.timeline.push(entry);
    return entry;
  }

  /** ∫ serving instances dt from the start to `nowSeconds` [instance·s]; reads only (the window meter). */
  servingIntegral(nowSeconds: number): number {
    return this.servingArea + this.count(SERVING) * (nowSeconds - this.servingChangedAt);
  }

  /** What happened, with the instances still running billed up to `endSeconds`. */
  result(endSeconds: number): AutoscalingResult {
    let lifetime = this.lifetimeSeconds;
    let billed = this.billed;
    for (let k = 0; k < this.state.length; k++) {
      if (this.state[k] === OFF) continue;
      const life = endSeconds - this.requestedAt[k]!;
      lifetime += life;
      billed += billedHours(life);
    }
    const servingArea = this.servingArea + this.count(SERVING) * (endSeconds - this.servingChangedAt);
    return {
      tier: this.tier.name,
      group: this.spec.group,
      timeline: this.timeline,
      timelineOmitted: this.omitted,
      instanceHours: lifetime / 3600,
      billedHours: billed,
      instancesStarted: this.started,
      meanServing: endSeconds > 0 ? servingArea / endSeconds : 0,
      maxServing: this.maxServing,
      minServing: this.minServing,
      scaleOuts: this.scaleOuts,
      scaleIns: this.scaleIns,
      lostAtPowerOff: this.lostAtPowerOff,
    };
  }
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x;
}
