import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { RandomStream } from '../../rng/stream.js';
import { nextModulatedArrival, type RateModulator } from '../../traffic/burstiness.js';
import type { RateProfile } from '../../traffic/rate-profile.js';
import type { RequestTable } from '../request/request-table.js';
import type { RequestFlow } from '../flow/request-flow.js';

const ARRIVAL = 0;

/**
 * The arrivals of one request class on its own: a non-homogeneous Poisson
 * process driven by the class's rate profile (and its burstiness), drawn
 * from the component's own random stream, which is named after the class
 * ("traffic:<class>"): adding or changing another class leaves this one's
 * arrivals unchanged (common random numbers). Same arithmetic as
 * TrafficSource, without the class draw.
 */
export class ClassSource implements Component {
  /** Arrivals generated so far. */
  generated = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly classIndex: number,
    private readonly profile: RateProfile,
    private readonly requests: RequestTable,
    private readonly flow: RequestFlow,
    private readonly modulator?: RateModulator,
    private readonly clients?: { count: number; rng: RandomStream },
  ) {
    // The next arrival waits in a lane of its own, outside the event heap (see TrafficSource).
    ctx.openLane();
  }

  begin(): void {
    this.scheduleNext();
  }

  handle(_kind: number, _arg: number): void {
    const requests = this.requests;
    requests.createSeconds = this.ctx.now; // a field, not an argument (see EventQueue.nextTime)
    const request = requests.createAtCreateSeconds(this.classIndex);
    if (this.clients !== undefined) requests.clientKey[request] = Math.floor(this.clients.rng.next() * this.clients.count);
    this.generated++;
    this.scheduleNext();
    this.flow.start(request);
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
