import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import type { RequestFlow } from '../flow/request-flow.js';
import type { RequestOwner } from '../request/request-owner.js';
import type { RequestTable } from '../request/request-table.js';
import { ClassMix } from './class-mix.js';

const THINK_DONE = 0;
const SESSION_START = 1;

/**
 * A closed population: N users (or session seats), each cycling think time
 * → one request → think time. The next request waits for the outcome of
 * the previous one, success or failure (a timed-out or failed request is
 * counted as failed, and the user thinks and goes on), so the scenario
 * sets the concurrency and the throughput follows from it (X = N/(R+Z)).
 *
 * With sessions, each seat starts a session at t = 0, ends it with the
 * first outcome after its drawn length, then waits the gap before the
 * next one. Every user starts with a think time.
 *
 * Per-event work allocates nothing: the state of each user is a slot of a
 * typed array sized once (sessionEndSeconds), and the request carries its
 * user in requests.ownerSlot.
 */
export class ClosedPopulation implements Component, RequestOwner {
  /** Requests created, warm-up included. */
  generated = 0;
  /** Outcomes of requests that arrived after the warm-up. */
  ok = 0;
  failed = 0;
  /** Sessions started after the warm-up. */
  sessions = 0;
  /** Response time (first attempt to outcome) of the measured requests [ms]. */
  readonly latencyMs = new LatencyHistogram();
  private readonly mix: ClassMix;
  private readonly classIndices: Int32Array;
  /** Per user: when the current session ends [s] (Infinity without sessions). */
  private readonly sessionEndSeconds: Float64Array;
  private ownerId = -1;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: { users: number; classIndices: readonly number[]; shares: readonly number[]; thinkTime: Distribution; session?: { length: Distribution; gap: Distribution } },
    private readonly requests: RequestTable,
    private readonly flow: RequestFlow,
    private readonly measureFromSeconds: number,
  ) {
    this.mix = new ClassMix(spec.shares);
    this.classIndices = Int32Array.from(spec.classIndices);
    this.sessionEndSeconds = new Float64Array(spec.users).fill(Infinity);
  }

  begin(): void {
    this.ownerId = this.flow.addOwner(this);
    for (let u = 0; u < this.spec.users; u++) {
      if (this.spec.session !== undefined) this.startSession(u);
      else this.think(u);
    }
  }

  handle(kind: number, user: number): void {
    if (kind === SESSION_START) {
      this.startSession(user);
      return;
    }
    // THINK_DONE: the user sends a request.
    const requests = this.requests;
    const cls = this.classIndices[this.mix.pick(this.ctx.rng)]!;
    const request = requests.create(this.ctx.now, cls);
    requests.setOwner(request, this.ownerId, user);
    this.generated++;
    this.flow.start(request);
  }

  settled(request: number, ok: boolean): void {
    const requests = this.requests;
    const user = requests.ownerSlot[request]!;
    const arrival = requests.arrivalSeconds[request]!;
    const now = this.ctx.now;
    if (arrival >= this.measureFromSeconds) {
      if (ok) this.ok++;
      else this.failed++;
      this.latencyMs.record((now - arrival) * 1000);
    }
    const session = this.spec.session;
    if (session !== undefined && now >= this.sessionEndSeconds[user]!) {
      this.ctx.schedule(session.gap.sample(this.ctx.rng), SESSION_START, user);
    } else {
      this.think(user);
    }
  }

  private startSession(user: number): void {
    const now = this.ctx.now;
    this.sessionEndSeconds[user] = now + this.spec.session!.length.sample(this.ctx.rng);
    if (now >= this.measureFromSeconds) this.sessions++;
    this.think(user);
  }

  private think(user: number): void {
    this.ctx.schedule(this.spec.thinkTime.sample(this.ctx.rng), THINK_DONE, user);
  }
}
