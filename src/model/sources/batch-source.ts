import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import type { ResolvedBatch } from '../../scenario/resolved-closed.js';
import type { RequestFlow } from '../flow/request-flow.js';
import type { RequestOwner } from '../request/request-owner.js';
import type { RequestTable } from '../request/request-table.js';
import { ClassMix } from './class-mix.js';

const CYCLE_START = 0;
const RELEASE = 1;
const NEXT_REQUEST = 2;

/**
 * A batch of jobs, released once or every period: all at the cycle start,
 * or over a window (evenly spaced, or at sorted uniform random times drawn
 * one after the other, so one release event is pending at a time). A job
 * sends its requests one after the other; it is done when the last one
 * succeeds and failed as soon as one fails (after the client's retries).
 *
 * Measured: the cycles released after the warm-up. A job's completion time
 * runs from its release; a cycle's makespan from the cycle's release start
 * to its last job's outcome; a job is done by the deadline when it
 * succeeded at most `deadline` after its cycle's release start.
 *
 * Job state lives in typed arrays of job slots (a free list, grown by
 * doubling only when cycles overlap), per-cycle figures in arrays sized
 * once: nothing is allocated per request.
 */
export class BatchSource implements Component, RequestOwner {
  generated = 0;
  /** Completion time of each measured job that succeeded [ms]. */
  readonly completionMs = new LatencyHistogram();
  readonly cycles: number;
  /** Per cycle. */
  readonly cycleStartSeconds: Float64Array;
  readonly lastOutcomeSeconds: Float64Array;
  readonly done: Int32Array;
  readonly failed: Int32Array;
  readonly doneByDeadline: Int32Array;
  private readonly mix: ClassMix;
  private readonly classIndices: Int32Array;
  // Job slots.
  private releaseSeconds: Float64Array;
  private cycleOf: Int32Array;
  private remaining: Int32Array;
  private freeSlots: Int32Array;
  private freeCount: number;
  // The release in progress: cycle, jobs released, last release position in the window (0..1).
  private releasing = -1;
  private released = 0;
  private position = 0;
  private ownerId = -1;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: ResolvedBatch,
    private readonly requests: RequestTable,
    private readonly flow: RequestFlow,
    private readonly measureFromSeconds: number,
    durationSeconds: number,
  ) {
    this.mix = new ClassMix(spec.shares);
    this.classIndices = Int32Array.from(spec.classIndices);
    this.cycles = spec.everySeconds === Infinity ? 1 : Math.max(1, Math.ceil((durationSeconds - spec.atSeconds) / spec.everySeconds));
    this.cycleStartSeconds = Float64Array.from({ length: this.cycles }, (_, k) => spec.atSeconds + (k === 0 ? 0 : k * spec.everySeconds)); // 0 · Infinity is NaN
    this.lastOutcomeSeconds = new Float64Array(this.cycles);
    this.done = new Int32Array(this.cycles);
    this.failed = new Int32Array(this.cycles);
    this.doneByDeadline = new Int32Array(this.cycles);
    this.releaseSeconds = new Float64Array(spec.jobs);
    this.cycleOf = new Int32Array(spec.jobs);
    this.remaining = new Int32Array(spec.jobs);
    this.freeSlots = Int32Array.from({ length: spec.jobs }, (_, i) => spec.jobs - 1 - i);
    this.freeCount = spec.jobs;
  }

  begin(): void {
    this.ownerId = this.flow.addOwner(this);
    this.ctx.scheduleAt(this.spec.atSeconds, CYCLE_START, 0);
  }

  handle(kind: number, arg: number): void {
    if (kind === NEXT_REQUEST) this.send(arg);
    else if (kind === CYCLE_START) this.startCycle(arg);
    else this.releaseNext();
  }

  private startCycle(cycle: number): void {
    if (cycle + 1 < this.cycles) this.ctx.scheduleAt(this.cycleStartSeconds[cycle + 1]!, CYCLE_START, cycle + 1);
    this.releasing = cycle;
    this.released = 0;
    this.position = 0;
    if (this.spec.spreadSeconds === 0) {
      for (let j = 0; j < this.spec.jobs; j++) this.releaseJob(cycle);
      return;
    }
    this.scheduleRelease();
  }

  /** The next job of the cycle being released, at its place in the window. */
  private scheduleRelease(): void {
    const n = this.spec.jobs;
    const k = this.released;
    if (k >= n) return;
    if (this.spec.spread === 'uniform') this.position = k / n;
    else {
      // The next of the n − k remaining sorted uniforms on [position, 1]: its minimum, by inversion.
      const u = this.ctx.rng.next();
      this.position += (1 - this.position) * (1 - Math.pow(1 - u, 1 / (n - k)));
    }
    this.ctx.scheduleAt(this.cycleStartSeconds[this.releasing]! + this.position * this.spec.spreadSeconds, RELEASE, 0);
  }

  private releaseNext(): void {
    this.releaseJob(this.releasing);
    this.scheduleRelease();
  }

  private releaseJob(cycle: number): void {
    this.released++;
    const slot = this.takeSlot();
    this.releaseSeconds[slot] = this.ctx.now;
    this.cycleOf[slot] = cycle;
    const { requestsMin, requestsMax } = this.spec;
    this.remaining[slot] = requestsMin === requestsMax ? requestsMin : requestsMin + Math.floor(this.ctx.rng.next() * (requestsMax - requestsMin + 1));
    this.send(slot);
  }

  private send(slot: number): void {
    const requests = this.requests;
    const request = requests.create(this.ctx.now, this.classIndices[this.mix.pick(this.ctx.rng)]!);
    requests.setOwner(request, this.ownerId, slot);
    this.generated++;
    this.flow.start(request);
  }

  settled(request: number, ok: boolean): void {
    const slot = this.requests.ownerSlot[request]!;
    if (ok && --this.remaining[slot]! > 0) {
      // The job's next request, by an event: the flow is still settling this one.
      this.ctx.schedule(0, NEXT_REQUEST, slot);
      return;
    }
    const cycle = this.cycleOf[slot]!;
    const now = this.ctx.now;
    this.lastOutcomeSeconds[cycle] = now;
    if (ok) {
      this.done[cycle]!++;
      if (now - this.cycleStartSeconds[cycle]! <= this.spec.deadlineSeconds) this.doneByDeadline[cycle]!++;
      if (this.cycleStartSeconds[cycle]! >= this.measureFromSeconds) this.completionMs.record((now - this.releaseSeconds[slot]!) * 1000);
    } else this.failed[cycle]!++;
    this.freeSlots[this.freeCount++] = slot;
  }

  private takeSlot(): number {
    if (this.freeCount === 0) this.growSlots();
    return this.freeSlots[--this.freeCount]!;
  }

  /** Cycles overlap (a slow cycle still running at the next release): twice the slots. */
  private growSlots(): void {
    const n = this.releaseSeconds.length;
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (len: number) => T): T => {
      const b = make(2 * n);
      b.set(a);
      return b;
    };
    this.releaseSeconds = grow(this.releaseSeconds, (l) => new Float64Array(l));
    this.cycleOf = grow(this.cycleOf, (l) => new Int32Array(l));
    this.remaining = grow(this.remaining, (l) => new Int32Array(l));
    this.freeSlots = grow(this.freeSlots, (l) => new Int32Array(l));
    for (let i = 0; i < n; i++) this.freeSlots[this.freeCount++] = 2 * n - 1 - i;
  }
}
