import { Clock } from './clock.js';
import type { Component } from './component.js';
import { SimContext } from './context.js';
import { EventQueue, MAX_TARGETS } from './event-queue.js';
import { deriveStream, type RandomStream } from '../rng/stream.js';

/** Why a run stopped. */
export type StopReason = 'time' | 'events' | 'empty';

export interface RunOptions {
  /** Simulated end time [s]; events after it stay pending. Default: Infinity. */
  untilSeconds?: number;
  /** Stop after this many events have fired in this call. Default: Infinity. */
  maxEvents?: number;
  /**
   * Called about every `progressEveryEvents` events with the simulated time,
   * so a long run can report progress. Default: never.
   */
  onProgress?: (nowSeconds: number, events: number) => void;
  /** Default 1,048,576. */
  progressEveryEvents?: number;
}

/** Events per `fire` call when neither a progress report nor the budget asks for fewer (the call costs nothing at this size). */
const BATCH_EVENTS = 1 << 16;

export interface RunResult {
  stoppedBy: StopReason;
  /** Events fired during this call. */
  events: number;
  /** Simulated time at the end of the call [s]. */
  nowSeconds: number;
}

/**
 * The engine: a clock, a pending-event queue, the registered components and
 * a run loop. It knows nothing of servers or requests (SimPy's Environment,
 * simcore's Simulation).
 *
 * Each component gets its own context and its own random stream derived from
 * (seed, component name), so adding a component never changes what another
 * one draws.
 */
export class Simulation {
  readonly seed: number | string;
  readonly clock = new Clock();
  private readonly queue: EventQueue;
  private components: Component[] = [];
  /**
   * Each component's `handle`, read once when it is added. Why: the run
   * loop's `components[t].handle` is a megamorphic property load (sofoot has
   * about eight component classes), a stub-cache probe per event; an array
   * of the functions and `.call` skip it. Measured (valgrind, sofoot,
   * bench/instructions-per-request.sh): 6,932 → 6,564 instructions per request; fused
   * M/M/8 unchanged (2,174 → 2,173); the engine-only M/M/8 with two
   * component classes, whose call site V8 inlines polymorphically, 1,357 →
   * 1,406. Tried since and not kept: handlers and components in one array
   * (handler at 2t, component at 2t + 1, one bounds check instead of two):
   * engine-only 1,127 → 1,115, full M/M/8 1,789 → 1,773, sofoot 5,722 →
   * 5,768, all within noise.
   */
  private handlers: Array<Component['handle']> = [];
  private readonly names = new Set<string>();
  /**
   * By target: 1 for a component added as `frequent`. Why: the run loop
   * calls those through a call site of their own (`component.handle`),
   * which V8 sees with one class and inlines, instead of the generic
   * `handlers[t].call` (a call through a builtin, a frame of its own, the
   * caller's fields reloaded after it). One class only: with two (servers
   * and the traffic source) V8 inlined both and the code grew past its
   * budget. Measured (valgrind, instructions per request; FIFO servers
   * frequent): M/M/8 (bash bench/mmc-instructions.sh) 1,440 → 1,411 (the
   * traffic source as well: 1,596); sofoot (bash
   * bench/instructions-per-request.sh) 5,009 → 4,878, over the longer
   * window (bash bench/instructions-per-request-long.sh) 5,114 → 4,985.
   */
  private frequent = new Uint8Array(16);
  /** Events fired since the simulation was created. */
  eventCount = 0;

  constructor(seed: number | string, initialQueueCapacity = 1024) {
    this.seed = seed;
    this.queue = new EventQueue(initialQueueCapacity, this.clock);
  }

  get now(): number {
    return this.clock.now;
  }

  /** Pending events that will still fire. */
  get pendingEvents(): number {
    return this.queue.livePending;
  }

  /**
   * Register a component under a unique, stable name. `build` receives the
   * component's context (clock, scheduling, its own random stream) and
   * returns the component. `frequent`: the component receives most of the
   * events and is of one class with the other frequent ones (the model's
   * FIFO servers): the run loop calls it directly (see `frequent` above).
   * Order and results are the same either way.
   */
  add<C extends Component>(name: string, build: (ctx: SimContext) => C, frequent = false): C {
    if (this.names.has(name)) throw new Error(`duplicate component name "${name}"`);
    if (this.components.length === MAX_TARGETS) throw new RangeError(`more than ${MAX_TARGETS} components`);
    this.names.add(name);
    const ctx = new SimContext(this.queue, this.clock, this.components.length, name, deriveStream(this.seed, name));
    const component = build(ctx);
    this.components.push(component);
    this.handlers.push(component.handle);
    if (this.frequent.length < this.components.length) {
      const f = new Uint8Array(this.frequent.length * 2);
      f.set(this.frequent);
      this.frequent = f;
    }
    this.frequent[this.components.length - 1] = frequent ? 1 : 0;
    return component;
  }

  /** A random stream for something that is not a component (same derivation rule). */
  stream(name: string): RandomStream {
    return deriveStream(this.seed, name);
  }

  /**
   * Fire up to `maxEvents` events due by `untilSeconds` and return how many
   * fired. Why the run loop is here, called once per batch, and not in
   * `run`: V8 compiles a long-running loop "on stack replacement", where the
   * values set before the loop stay tagged and are re-checked at every
   * iteration; `run`'s budget (Infinity, a heap number), its progress test
   * and counter were thus a dozen instructions per event. Here the only
   * bound is a small integer. Measured (valgrind, engine-only M/M/8,
   * bench/engine-instructions.sh): 1,406 -> 1,378 instructions per request; fused
   * M/M/8 2,173 -> 2,129; sofoot about 6,590 -> 6,490 (noisy).
   */
  private fire(untilSeconds: number, maxEvents: number): number {
    // Locals, not fields, inside the loop: V8 keeps them in registers.
    const queue = this.queue;
    const components = this.components;
    const handlers = this.handlers;
    const frequent = this.frequent;
    queue.untilTime = untilSeconds;
    let n = 0;
    while (n < maxEvents) {
      const info = queue.popInfo();
      if (queue.noEvent(info)) break; // else the clock is at the event's time
      n++;
      const target = queue.infoTarget(info);
      const component = components[target]!;
      if (frequent[target] === 1) component.handle(queue.infoKind(info), queue.poppedArg);
      else handlers[target]!.call(component, queue.infoKind(info), queue.poppedArg);
    }
    return n;
  }

  /**
   * Fire events in (time, insertion) order until the end time, the event
   * budget or the end of the queue. The clock ends at `untilSeconds` when
   * stopped by time, so time-averages can be closed at the horizon.
   */
  run(options: RunOptions = {}): RunResult {
    const until = options.untilSeconds ?? Infinity;
    const budget = options.maxEvents ?? Infinity;
    const onProgress = options.onProgress;
    const every = options.progressEveryEvents ?? 1 << 20;
    let fired = 0;
    let stoppedBy: StopReason = 'events';
    while (fired < budget) {
      // A batch ends at the next progress report or at the budget.
      let batch = onProgress === undefined ? BATCH_EVENTS : every - (fired % every);
      if (budget - fired < batch) batch = budget - fired;
      const n = this.fire(until, batch);
      fired += n;
      if (n < batch) {
        stoppedBy = this.queue.size > 0 ? 'time' : 'empty';
        break;
      }
      if (onProgress !== undefined && fired % every === 0) onProgress(this.clock.now, this.eventCount + fired);
    }
    const clock = this.clock;
    this.eventCount += fired;
    if (stoppedBy === 'time' || (stoppedBy === 'empty' && until !== Infinity)) {
      if (until > clock.now) clock.now = until;
      if (stoppedBy === 'empty') stoppedBy = 'time';
    }
    return { stoppedBy, events: fired, nowSeconds: clock.now };
  }
}
