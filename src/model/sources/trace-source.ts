import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { RandomStream } from '../../rng/stream.js';
import type { TimestampTrace } from '../../traffic/trace.js';
import type { RequestFlow } from '../flow/request-flow.js';
import { ClassMix } from './class-mix.js';
import type { RequestTable } from '../request/request-table.js';

const ARRIVAL = 0;

/**
 * Replays a timestamps trace: one request per line, at the line's time,
 * of the line's class (or drawn from the mix when the line has none). The
 * trace is read as the simulation advances, never loaded whole.
 */
export class TraceSource implements Component {
  generated = 0;
  private readonly mix: ClassMix;

  constructor(
    private readonly ctx: SimContext,
    private readonly trace: TimestampTrace,
    shares: readonly number[],
    private readonly requests: RequestTable,
    private readonly flow: RequestFlow,
    private readonly clients?: { count: number; rng: RandomStream },
  ) {
    this.mix = new ClassMix(shares);
    ctx.openLane();
  }

  begin(): void {
    this.scheduleNext();
  }

  handle(_kind: number, cls: number): void {
    const request = this.requests.create(this.ctx.now, cls >= 0 ? cls : this.mix.pick(this.ctx.rng));
    if (this.clients !== undefined) this.requests.clientKey[request] = Math.floor(this.clients.rng.next() * this.clients.count);
    this.generated++;
    this.scheduleNext();
    this.flow.start(request);
  }

  private scheduleNext(): void {
    const t = this.trace.next();
    if (t !== Infinity) this.ctx.scheduleLaneAt(t, ARRIVAL, this.trace.classIndex);
    else this.trace.close();
  }
}
