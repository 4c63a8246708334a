import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { RandomStream } from '../../rng/stream.js';
import { nextModulatedArrival, type RateModulator } from '../../traffic/burstiness.js';
import type { RateProfile } from '../../traffic/rate-profile.js';
import { ClassMix } from './class-mix.js';
import type { RequestTable } from '../request/request-table.js';
import type { RequestFlow } from '../flow/request-flow.js';
import type { RequestEntry } from '../flow/plain-path.js';

const ARRIVAL = 0;

/**
 * Generates the arrivals of a non-homogeneous Poisson process driven by a
 * rate profile, assigns each request a class by the mix, and hands it to the
 * flow. One pending event at a time: the next arrival.
 */
export class TrafficSource implements Component {
  private readonly ctx: SimContext;
  private readonly profile: RateProfile;
  private readonly mix: ClassMix;
  private readonly requests: RequestTable;
  /** Where new requests go: the flow, or the fused path (`enterBy`). */
  private entry: RequestEntry;
  /** Arrivals generated so far. */
  generated = 0;
  /** Markov modulation of the rate (burstiness), if any. */
  private readonly modulator: RateModulator | undefined;
  /** Draws the client of each request when a balancer needs it (DNS caches, sticky sessions); its own stream. */
  private readonly clients: { count: number; rng: RandomStream } | undefined;

  constructor(
    ctx: SimContext,
    profile: RateProfile,
    shares: readonly number[],
    requests: RequestTable,
    flow: RequestFlow,
    modulator?: RateModulator,
    clients?: { count: number; rng: RandomStream },
  ) {
    this.modulator = modulator;
    this.clients = clients;
    this.ctx = ctx;
    this.profile = profile;
    this.mix = new ClassMix(shares);
    this.requests = requests;
    this.entry = flow;
    // The next arrival waits in a lane of its own, outside the event heap:
    // no sift per arrival (measured on M/M/8: +15 % requests/s; see
    // EventQueue).
    ctx.openLane();
  }

  /** Hand new requests to `entry` instead of the flow (the fused path, flow/plain-path.ts). */
  enterBy(entry: RequestEntry): void {
    this.entry = entry;
  }

  /** Schedule the first arrival. */
  begin(): void {
    this.scheduleNext();
  }

  handle(_kind: number, _arg: number): void {
    // Only one event kind: ARRIVAL.
    const cls = this.mix.pick(this.ctx.rng);
    const requests = this.requests;
    requests.createSeconds = this.ctx.now; // a field, not an argument (see EventQueue.nextTime)
    const request = requests.createAtCreateSeconds(cls);
    if (this.clients !== undefined) this.requests.clientKey[request] = Math.floor(this.clients.rng.next() * this.clients.count);
    this.generated++;
    this.scheduleNext();
    this.entry.start(request);
  }

  private scheduleNext(): void {
    const now = this.ctx.now;
    // Exp(1) by inversion; 1 − u is in (0, 1], so the log is finite.
    const e = -Math.log(1 - this.ctx.rng.next());
    if (this.modulator === undefined) {
      // Doubles through fields, not arguments: never boxed (see EventQueue.nextTime).
      const profile = this.profile;
      profile.fromSeconds = now;
      profile.exp1 = e;
      profile.advanceArrival();
      const t = profile.arrivalSeconds;
      if (t !== Infinity) {
        this.ctx.laneTimeSeconds = t;
        this.ctx.scheduleLaneAtTime(ARRIVAL, 0);
      }
      return;
    }
    const t = nextModulatedArrival(this.profile, this.modulator, now, e, this.ctx.rng);
    if (t !== Infinity) this.ctx.scheduleLaneAt(t, ARRIVAL, 0);
  }
}
