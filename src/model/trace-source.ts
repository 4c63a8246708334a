import type { Component } from '../engine/component.js';
import type { SimContext } from '../engine/context.js';
import type { RandomStream } from '../rng/stream.js';
import type { TimestampTrace } from '../traffic/trace.js';
import type { RequestFlow } from './request-flow.js';
import type { RequestTable } from './request-table.js';

const ARRIVAL = 0;

/**
 * Replays a timestamps trace: one request per line, at the line's time,
 * of the line's class (or drawn from the mix when the line has none). The
 * trace is read as the simulation advances, never loaded whole.
 */
export class TraceSource implements Component {
  generated = 0;
  private readonly cumulativeShares: Float64Array;

  constructor(
    private readonly ctx: SimContext,
    private readonly trace: TimestampTrace,
    shares: readonly number[],
    private readonly requests: RequestTable,
    private readonly flow: RequestFlow,
    private readonly clients?: { count: number; rng: RandomStream },
  ) {
    let acc = 0;
    this.cumulativeShares = Float64Array.from(shares, (x) => (acc += x));
    this.cumulativeShares[this.cumulativeShares.length - 1] = 1;
    ctx.openLane();
  }

  begin(): void {
    this.scheduleNext();
  }

  handle(_kind: number, cls: number): void {
    const request = this.requests.create(this.ctx.now, cls >= 0 ? cls : this.pickClass());
    if (this.clients !== undefined) this.requests.clientKey[request] = Math.floor(this.clients.rng.next() * this.clients.count);
    this.generated++;
    this.scheduleNext();
    this.flow.start(request);
  }

  private pickClass(): number {
    const u = this.ctx.rng.next();
    let i = 0;
    while (u >= this.cumulativeShares[i]!) i++;
    return i;
  }

  private scheduleNext(): void {
    const t = this.trace.next();
    if (t !== Infinity) this.ctx.scheduleLaneAt(t, ARRIVAL, this.trace.classIndex);
    else this.trace.close();
  }
}
