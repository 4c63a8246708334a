import type { Component } from '../engine/component.js';
import type { SimContext } from '../engine/context.js';
import type { Distribution } from '../rng/distributions.js';
import type { RequestTable } from './request-table.js';

/** Who learns that a server finished a request (its tier). */
export interface ServerOwner {
  served(serverIndex: number, request: number): void;
}

export interface ServerSpec {
  /** Unique component name, e.g. "web/eg-1". */
  name: string;
  /** Site (datacenter) the server lives in, e.g. "RBX". */
  site: string;
  /** Worker slots serving at once (PHP-FPM max_children, Tomcat threads) [requests]. */
  slots: number;
  /** Waiting room beyond the slots; a request arriving when it is full is rejected [requests]. Infinity = unbounded. */
  queueLimit: number;
  /** Speed factor: service times are divided by it (1 = the reference machine). */
  speed: number;
  /** LB weight (weighted round-robin). */
  weight: number;
}

const DONE = 0;

/**
 * A server: `slots` workers in front of a FIFO queue with a limit (an
 * M/G/c/K station). Service time = the request class's distribution ÷ speed,
 * drawn from the server's own random stream.
 *
 * Keeps time-integrals of busy workers and queue length so utilisation and
 * mean queue length are exact time-averages, not samples.
 */
export class Server implements Component {
  readonly spec: ServerSpec;
  readonly index: number;
  private readonly ctx: SimContext;
  /** By class index; undefined for classes that never come here (the resolver guarantees it). */
  private readonly serviceByClass: ReadonlyArray<Distribution | undefined>;
  private readonly requests: RequestTable;
  private readonly owner: ServerOwner;
  private readonly invSpeed: number;

  /** Requests in service. */
  busy = 0;
  // FIFO ring buffer of waiting request ids; grows by doubling, never shrinks.
  private ring: Int32Array;
  private head = 0;
  /** Requests waiting. */
  queued = 0;

  // Statistics since the last reset (the warm-up boundary).
  served = 0;
  rejected = 0;
  busyArea = 0; // ∫ busy dt [request·s]
  queueArea = 0; // ∫ queued dt [request·s]
  maxQueued = 0;
  private lastChange = 0;
  private statsStart = 0;

  constructor(
    ctx: SimContext,
    index: number,
    spec: ServerSpec,
    serviceByClass: ReadonlyArray<Distribution | undefined>,
    requests: RequestTable,
    owner: ServerOwner,
  ) {
    this.ctx = ctx;
    this.index = index;
    this.spec = spec;
    this.serviceByClass = serviceByClass;
    this.requests = requests;
    this.owner = owner;
    this.invSpeed = 1 / spec.speed;
    // Power-of-two length so the wrap is a mask; small bounded queues stay small.
    const want = Number.isFinite(spec.queueLimit) ? Math.min(1024, Math.max(16, spec.queueLimit)) : 1024;
    this.ring = new Int32Array(2 ** Math.ceil(Math.log2(want)));
  }

  /** Whether the balancer in front believes this server is up (health checks maintain it). */
  up = true;

  /** Requests in the server (in service + waiting): what least-connections looks at. */
  get inSystem(): number {
    return this.busy + this.queued;
  }

  /**
   * Offer a request. Returns false if the queue is full (the caller fails
   * the request); otherwise the server owns it until `served`.
   */
  arrive(request: number): boolean {
    if (this.busy < this.spec.slots) {
      this.accumulate();
      this.busy++;
      this.start(request);
      return true;
    }
    if (this.queued >= this.spec.queueLimit) {
      this.rejected++;
      return false;
    }
    this.accumulate();
    if (this.queued === this.ring.length) this.growRing();
    this.ring[(this.head + this.queued) & (this.ring.length - 1)] = request;
    this.queued++;
    if (this.queued > this.maxQueued) this.maxQueued = this.queued;
    return true;
  }

  handle(_kind: number, request: number): void {
    // Only one event kind: DONE(request).
    this.accumulate();
    this.served++;
    if (this.queued > 0) {
      const next = this.ring[this.head]!;
      this.head = (this.head + 1) & (this.ring.length - 1);
      this.queued--;
      this.start(next);
    } else {
      this.busy--;
    }
    this.owner.served(this.index, request);
  }

  /** Restart statistics at `nowSeconds` (end of warm-up). */
  resetStats(nowSeconds: number): void {
    this.accumulate();
    this.served = 0;
    this.rejected = 0;
    this.busyArea = 0;
    this.queueArea = 0;
    this.maxQueued = this.queued;
    this.statsStart = nowSeconds;
  }

  /** Time-averaged busy workers ÷ slots over [last reset, now]. */
  utilisation(nowSeconds: number): number {
    this.accumulate();
    const span = nowSeconds - this.statsStart;
    return span > 0 ? this.busyArea / (span * this.spec.slots) : 0;
  }

  /** Time-averaged number of waiting requests over [last reset, now]. */
  meanQueued(nowSeconds: number): number {
    this.accumulate();
    const span = nowSeconds - this.statsStart;
    return span > 0 ? this.queueArea / span : 0;
  }

  private start(request: number): void {
    const dist = this.serviceByClass[this.requests.classIndex[request]!]!;
    this.ctx.schedule(dist.sample(this.ctx.rng) * this.invSpeed, DONE, request);
  }

  private accumulate(): void {
    const now = this.ctx.now;
    const dt = now - this.lastChange;
    if (dt > 0) {
      this.busyArea += this.busy * dt;
      this.queueArea += this.queued * dt;
      this.lastChange = now;
    }
  }

  private growRing(): void {
    const old = this.ring;
    const next = new Int32Array(old.length * 2);
    for (let i = 0; i < this.queued; i++) next[i] = old[(this.head + i) & (old.length - 1)]!;
    this.ring = next;
    this.head = 0;
  }
}
