import type { EventQueue } from './event-queue.js';
import type { Clock } from './clock.js';
import type { RandomStream } from '../rng/stream.js';

/**
 * The only door from a component to the engine (simcore's SimulationContext):
 * read the clock, schedule events for yourself, cancel them, draw random
 * numbers from your own stream. A component
 * never touches the queue directly, and never names another component's
 * events: components talk to each other by plain method calls wired when
 * the model is assembled.
 *
 * Times are in seconds of simulated time.
 */
export class SimContext {
  /** The component id events scheduled through this context are delivered to. */
  readonly target: number;
  /** A stable, human-readable name (also used to derive the component's random stream). */
  readonly name: string;
  /** This component's own random stream, derived from (scenario seed, name). */
  readonly rng: RandomStream;
  private readonly queue: EventQueue;
  private readonly clock: Clock;
  /** This component's lane in the queue, −1 until `openLane`. */
  private lane = -1;

  constructor(queue: EventQueue, clock: Clock, target: number, name: string, rng: RandomStream) {
    this.rng = rng;
    this.queue = queue;
    this.clock = clock;
    this.target = target;
    this.name = name;
  }

  /** Current simulated time [s]. */
  get now(): number {
    return this.clock.now;
  }

  /**
   * Deliver `handle(kind, arg)` to this component after `delaySeconds` (≥ 0).
   * Events at the same instant fire in the order they were scheduled.
   * Not cancellable: use `startTimer` for that.
   */
  schedule(delaySeconds: number, kind: number, arg = 0): void {
    const queue = this.queue;
    queue.nextTime = this.clock.now + delaySeconds; // a field, not an argument: see EventQueue.nextTime
    queue.pushAtNextTime(this.target, kind, arg);
  }

  /**
   * Delay [s] for `scheduleAfterDelay`. The hot path's way to schedule: a
   * double handed over in a field is never boxed, whatever V8 inlines (see
   * EventQueue.nextTime); set it just before the call.
   */
  delaySeconds = 0.5;

  /** `schedule(delaySeconds, kind, arg)` with the delay taken from `delaySeconds`. */
  scheduleAfterDelay(kind: number, arg: number): void {
    const queue = this.queue;
    queue.nextTime = this.clock.now + this.delaySeconds;
    queue.pushAtNextTime(this.target, kind, arg);
  }

  /** Like `schedule`, at an absolute simulated time [s] (not before now). */
  scheduleAt(timeSeconds: number, kind: number, arg = 0): void {
    const now = this.clock.now;
    const queue = this.queue;
    queue.nextTime = timeSeconds < now ? now : timeSeconds;
    queue.pushAtNextTime(this.target, kind, arg);
  }

  /**
   * Give this component a lane (see EventQueue): a slot outside the heap for
   * an event it keeps pending one at a time, such as a traffic source's next
   * arrival. Scheduling into it with `scheduleLaneAt` costs O(1) instead of
   * O(log n); the order in which events fire is unchanged.
   */
  openLane(): void {
    if (this.lane < 0) this.lane = this.queue.openLane();
  }

  /**
   * Like `scheduleAt`, into this component's lane, which must be open and
   * empty (the lane's previous event has fired). Not cancellable.
   */
  scheduleLaneAt(timeSeconds: number, kind: number, arg = 0): void {
    const now = this.clock.now;
    const queue = this.queue;
    queue.nextTime = timeSeconds < now ? now : timeSeconds;
    queue.pushLaneAtNextTime(this.lane, this.target, kind, arg);
  }

  /** Time [s] for `scheduleLaneAtTime` (a field, not an argument: see `delaySeconds`). */
  laneTimeSeconds = 0.5;

  /** `scheduleLaneAt(laneTimeSeconds, kind, arg)`. */
  scheduleLaneAtTime(kind: number, arg: number): void {
    const now = this.clock.now;
    const t = this.laneTimeSeconds;
    const queue = this.queue;
    queue.nextTime = t < now ? now : t;
    queue.pushLaneAtNextTime(this.lane, this.target, kind, arg);
  }

  /**
   * A cancellable event (a timeout, a health probe, a repair): like
   * `schedule`, and returns a handle for `cancel` and `isPending`.
   */
  startTimer(delaySeconds: number, kind: number, arg = 0): number {
    return this.queue.pushTimer(this.clock.now + delaySeconds, this.target, kind, arg);
  }

  /** Cancel a pending event; stale handles are ignored. Returns whether it was pending. */
  cancel(handle: number): boolean {
    return this.queue.cancel(handle);
  }

  /** Whether the handle's event is still due to fire. */
  isPending(handle: number): boolean {
    return this.queue.isPending(handle);
  }
}
