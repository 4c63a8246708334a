import { Clock } from './clock.js';

/**
 * The pending-event set: a binary min-heap on (time, insertion sequence)
 * in one typed array that holds each event whole (see STRIDE).
 *
 * An event is four numbers: when it fires (simulated seconds), which
 * component receives it (`target`), an event kind chosen by that component
 * (0–127) and one integer argument (a request id, a server index…). They sit
 * in the heap's own array, so a pop reads the payload where it compares the
 * key and nothing is allocated per event; the array only grows (by doubling)
 * when more events are pending at once than ever before.
 *
 * Ties on time are broken by insertion order (a global sequence number), so
 * two events scheduled for the same instant fire in the order they were
 * scheduled, whatever the heap's shape: that is what makes a run
 * reproducible. (mourner/flatqueue, which this follows, is not stable on
 * ties; SimPy and NeXosim add an event id/epoch for the same reason.)
 *
 * Pop and push share one sift (heapq's `heapreplace`): `pop` takes the
 * root's event but leaves the root empty (a "hole"); if the handler then
 * schedules an event, as most handlers do, it drops into the hole and sifts
 * down once, instead of the last element sifting down and the new one
 * sifting up. The hole is filled the ordinary way only when the next `pop`
 * finds it still empty.
 *
 * Cancellable events (timers) are the exception, not the rule: `push`
 * returns nothing, and only `pushTimer` pays for a handle. A timer's heap
 * entry carries a flag and the index of a slot in a small side table that
 * keeps its real argument and a generation number, bumped whenever the slot
 * is released, so a stale handle (its timer already fired, its slot reused)
 * cancels nothing. Cancellation is lazy: the slot is marked and `pop`
 * discards the entry when it reaches the top.
 *
 * Lanes: a component that always keeps exactly one event pending for a
 * given purpose (a traffic source's next arrival) can open a lane, a slot
 * outside the heap that holds at most one event. Scheduling into a lane is
 * O(1) and `pop` compares the earliest lane event with the heap's root, so
 * such an event never pays a sift: the heap holds only the other events
 * (in M/M/c, the departures), as in a hand-written simulation loop that
 * keeps the next arrival in a local. Lane events take their sequence number
 * from the same counter and are ordered by the same (time, seq) key, so the
 * order in which events fire is exactly the one a single heap would give.
 *
 * Measured on this machine (bench/, M/M/8 at ρ = 0.8): moving the payload
 * into the heap (instead of a slot table for every event) and the shared
 * pop/push sift each cut the engine's cost per event by about a fifth; the
 * arrival lane, which saves one sift per request, raised the engine's
 * throughput by about 15 % (3.65 → 4.20 M requests/s, in-process A/B, best
 * of 16 rounds).
 */

/** Timer handles pack `generation * SLOT_LIMIT + slot` into one safe integer. */
const SLOT_BITS = 26;
const SLOT_LIMIT = 2 ** SLOT_BITS; // 67 M timers pending at once, far above any scenario.
const GENERATION_LIMIT = 2 ** (53 - SLOT_BITS);

/** Kinds occupy the low 7 bits of `info`; bit 7 marks a timer; the target is above. */
const KIND_BITS = 7;
const KIND_MASK = (1 << KIND_BITS) - 1;
const TIMER_FLAG = 1 << KIND_BITS;
const TARGET_SHIFT = KIND_BITS + 1;
/** Largest kind value a component may use. */
export const MAX_EVENT_KIND = KIND_MASK;
/** Largest number of components (targets). */
export const MAX_TARGETS = 2 ** (30 - TARGET_SHIFT); // info < 2^30: see PAYLOAD

/**
 * The heap's layout: one Float64Array, an event every STRIDE numbers: its
 * time, its sequence number (exact up to 2^53 insertions), and its info
 * (target << 8 | timer flag | kind) and argument (or timer slot) packed in
 * one number (see PAYLOAD). (The measurements below are of an earlier
 * layout with four numbers, info and arg as exact doubles.) Positions in the sifts are
 * offsets in that array (STRIDE × the event's index); the heap is binary:
 * event i's children are 2i + 1 and 2i + 2.
 *
 * Why one array, not one per field: in a loop V8 re-checks a typed array's
 * map and reloads its base pointer, external pointer and length at every
 * access (it hoists none of them), so moving an event one level cost that
 * four times over, once per array; accesses to one array in straight-line
 * code share them. Why binary, where four arrays wanted a 4-ary heap (half
 * the levels): with one array a level costs little, and a binary level
 * compares two children, not four. Measured (valgrind, instructions per
 * request; bench/engine-instructions.sh, bench/mmc-instructions.sh,
 * bench/instructions-per-request.sh):
 * four arrays, 4-ary: engine-only M/M/8 1,378, fused M/M/8 2,129, sofoot
 * about 6,490; one array, 4-ary (children scan unrolled): 1,353, 2,097,
 * about 6,225; one array, binary: 1,283, 2,091, 6,166; four arrays,
 * binary: 1,387 (engine-only). The price: on a hold model (pop + push,
 * bench/engine-instructions.sh) with 10,000 events pending, binary costs 1,424
 * instructions per pop + push against 1,186 for one array 4-ary and 1,391
 * for the four arrays (with 25 pending: 629, 682, 717); scenarios keep tens
 * of events pending, not thousands.
 */
const STRIDE = 3;
const TIME = 0;
const SEQ = 1;
/**
 * The third number holds info and arg as the two 32-bit halves of its bit
 * pattern, written and read through an Int32Array on the same buffer
 * (`heapInts`, at 2 × offset + INFO_WORD/ARG_WORD) and moved by the sifts
 * as a double. Why: a level of a sift then moves three numbers, not four.
 * Safe: info < 2^30, so the high half has its sign and top exponent bit
 * clear; the double is finite, in [0, 2), never NaN (whose bits V8 may
 * change), and every move or tagged round trip keeps its bits exactly.
 * Measured (valgrind, instructions per request, against four numbers per
 * event): engine-only M/M/8 1,283 → 1,268, fused M/M/8 2,091 → 2,058,
 * sofoot 6,166 → 6,113 / 6,061; hold model per pop + push, 25 pending
 * 629 → 583, 10,000 pending 1,424 → 1,271.
 */
const PAYLOAD = 2;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const ARG_WORD = PAYLOAD * 2 + (LITTLE_ENDIAN ? 0 : 1);
const INFO_WORD = PAYLOAD * 2 + (LITTLE_ENDIAN ? 1 : 0);

/** `timerTarget` of a pending timer that was cancelled (real targets are ≥ 0). */
const CANCELLED = -1;

/** `laneSeq` of an open lane without an event, and of a lane not opened yet (real sequence numbers are ≥ 0). */
const LANE_EMPTY = -1;
const LANE_CLOSED = -2;

/**
 * What `popInfo` returns when no event is due (real infos are ≥ 0). Why not
 * exported (the run loop asks `noEvent`, `infoTarget`, `infoKind`): V8
 * keeps a module's exported bindings in cells that optimised code reloads
 * and checks for the temporal dead zone at every use, and consts another
 * module computes from imports stay loads too; this module's own consts are
 * folded into the code.
 */
const NONE = -1;

/** Most events the heap holds at once: its int32 word offsets (2 · STRIDE · events) stay below 2^31 (see `siftDown`). */
const MAX_HEAP_EVENTS = Math.floor(2 ** 31 / (2 * STRIDE)) - 1;

/** A handle that never names a pending timer. */
export const NO_EVENT = -1;

export class EventQueue {
  // Why `declare` on the array fields: with ES2022 class fields, TypeScript
  // emits a bare declaration that first defines the field as `undefined`, and
  // V8 then treats the field as "any object" and re-checks the array's type
  // at every use; declared ones are created by the constructor with their
  // real type. Measured: pop + push on 7 pending events, 33 → 25 ns (the
  // M/M/8 engine benchmark itself did not move measurably).
  // The heap: event i at [STRIDE * i, STRIDE * i + STRIDE), see STRIDE.
  private declare heap: Float64Array;
  private declare heapInts: Int32Array; // the same buffer (see PAYLOAD)
  /** Positions in use, the hole included. */
  private heapSize = 0;
  /** Position 0 holds no event (see the header). */
  private hole = false;
  private nextSeq = 0;

  // Timer side table, by slot.
  private declare timerTarget: Int32Array;
  private declare timerArg: Int32Array;
  private declare timerGen: Float64Array;
  private declare freeTimers: Int32Array;
  private freeCount = 0;
  private timersUsed = 0;
  private cancelledPending = 0;

  // Lanes, by lane index: one event each at most. The earliest pending lane
  // event is in the firstLane* fields only; the others are "parked" in the
  // arrays, where laneSeq is the event's sequence number, LANE_EMPTY when
  // the lane is open and holds no parked event, LANE_CLOSED before it is
  // opened.
  private laneTime = new Float64Array(4);
  private laneSeq = new Float64Array(4).fill(LANE_CLOSED);
  private laneInfo = new Int32Array(4);
  private laneArg = new Int32Array(4);
  private laneCount = 0;
  private lanesPending = 0;
  // The earliest pending lane event: its lane (−1 if none), time, seq, info
  // and arg. Why fields, not the arrays: with one lane (a model with one
  // traffic source) a push and a pop of the lane touch no typed array, where
  // each access costs three loads and a bounds check. Measured (valgrind,
  // instructions per request): engine-only M/M/8 (bench/engine-instructions.sh)
  // 1,224 -> 1,150, full M/M/8 (bench/mmc-instructions.sh) 1,898 -> 1,819,
  // sofoot (bench/instructions-per-request.sh) 5,793 -> 5,815-5,831 (noise).
  private firstLane = -1;
  private firstLaneTime = Infinity;
  private firstLaneSeq = 0.5; // a double from the start (sequence numbers pass 2^31)
  private firstLaneInfo = 0;
  private firstLaneArg = 0;

  /** Payload of the event last returned by `pop` (read them before scheduling again). */
  poppedTarget = 0;
  poppedKind = 0;
  poppedArg = 0;
  /**
   * The clock: a pop sets it to the popped event's time. Why here and not
   * in the run loop: the time goes from the heap straight to the clock,
   * instead of through a field of its own written and read back. Measured
   * (bench/engine-instructions.sh): 1,237 → 1,224 instructions per request.
   */
  private declare readonly clock: Clock;
  /**
   * Time [s] of the event the next `pushAtNextTime`/`pushLaneAtNextTime`
   * schedules. Why a field, not a parameter: a double passed to a call that
   * V8 does not inline is boxed into a fresh 16-byte heap number, and which
   * calls get inlined depends on each caller's inlining budget; a double
   * field is written in place. (Initialised with a non-integer so V8 stores
   * it unboxed from the start.) SimContext uses this door.
   */
  nextTime = 0.5;
  /**
   * `popInfo` hands out only events due by this time [s]. Why a field: the
   * run loop sets it once per batch; as a parameter of the inlined pop, the
   * bound stayed a tagged value, re-checked (small integer or heap number?)
   * and unboxed at every event. Measured (bench/engine-instructions.sh):
   * 1,246 → 1,237 instructions per request.
   */
  untilTime = 0.5;

  /** `clock` is the one a pop advances (a simulation's; by default one of its own). */
  constructor(initialCapacity = 1024, clock: Clock = new Clock()) {
    this.clock = clock;
    const cap = Math.max(16, initialCapacity | 0);
    this.heap = new Float64Array(cap * STRIDE);
    this.heapInts = new Int32Array(this.heap.buffer);
    this.timerTarget = new Int32Array(16);
    this.timerArg = new Int32Array(16);
    this.timerGen = new Float64Array(16);
    this.freeTimers = new Int32Array(16);
  }

  /** Time [s] of the event last popped: the clock's time. */
  get poppedTime(): number {
    return this.clock.now;
  }

  /** Events pending (in the heap or a lane), including cancelled timers not yet discarded. */
  get size(): number {
    return (this.hole ? this.heapSize - 1 : this.heapSize) + this.lanesPending;
  }

  /** Events that will still fire. */
  get livePending(): number {
    return this.size - this.cancelledPending;
  }

  /** Time of the earliest pending event (possibly a cancelled timer), or Infinity. */
  peekTime(): number {
    if (this.hole) this.fillHole();
    const t = this.heapSize > 0 ? this.heap[TIME]! : Infinity;
    return this.firstLaneTime < t ? this.firstLaneTime : t;
  }

  /**
   * Schedule an event at absolute time `time` [s] for component `target`.
   * O(log n), allocation-free unless the arrays must grow.
   *
   * The event is written into its starting slot (the hole at the root, or
   * the end of the heap) and sifted from there, so the sifts take positions,
   * not the event. Why: they are too big to be inlined into every caller,
   * and a float64 (`time`, `seq`) passed to a call that is not inlined is
   * boxed into a fresh heap number; read back from the typed arrays it stays
   * unboxed. Measured with V8's sampling heap profiler on M/M/8: the 16
   * bytes of garbage per event this path produced are gone.
   */
  push(time: number, target: number, kind: number, arg: number): void {
    this.nextTime = time;
    this.pushAtNextTime(target, kind, arg);
  }

  /** `push` at `nextTime` (see there: no double crosses the call). */
  pushAtNextTime(target: number, kind: number, arg: number): void {
    const time = this.nextTime;
    let i = 0;
    // Why `=== true` on hot booleans (here and in the model): V8 does not
    // track that a field only holds booleans, so `if (this.hole)` compiles to
    // a full ToBoolean (false? ''? undetectable? number? bigint?, about ten
    // instructions); a strict compare with `true` is one pointer compare.
    if (this.hole === true) this.hole = false;
    else {
      i = this.heapSize;
      this.heapSize = (i + 1) | 0;
      if (((i * STRIDE) | 0) === this.heap.length) this.growHeap();
    }
    const heap = this.heap;
    const ints = this.heapInts;
    const pos = (STRIDE * i) | 0;
    heap[pos] = time;
    heap[(pos + SEQ) | 0] = this.nextSeq++;
    ints[(2 * pos + INFO_WORD) | 0] = (target << TARGET_SHIFT) | kind;
    ints[(2 * pos + ARG_WORD) | 0] = arg;
    if (i === 0) this.siftDown(0, (STRIDE * this.heapSize) | 0);
    else this.siftUp(i);
  }

  /** Like `push`, and return a handle for `cancel`/`isPending`. */
  pushTimer(time: number, target: number, kind: number, arg: number): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeTimers[--this.freeCount]!;
    else {
      if (this.timersUsed === this.timerTarget.length) this.growTimers();
      slot = this.timersUsed++;
    }
    this.timerTarget[slot] = target;
    this.timerArg[slot] = arg;
    this.push(time, target, TIMER_FLAG | kind, slot);
    return this.timerGen[slot]! * SLOT_LIMIT + slot;
  }

  /** Open a new lane (see the header) and return its index. */
  openLane(): number {
    const lane = this.laneCount++;
    if (lane === this.laneTime.length) {
      const cap = lane * 2;
      this.laneTime = grow(this.laneTime, new Float64Array(cap));
      this.laneSeq = grow(this.laneSeq, new Float64Array(cap).fill(LANE_CLOSED));
      this.laneInfo = grow(this.laneInfo, new Int32Array(cap));
      this.laneArg = grow(this.laneArg, new Int32Array(cap));
    }
    this.laneSeq[lane] = LANE_EMPTY;
    return lane;
  }

  /**
   * Like `push`, into lane `lane`, which must be open and empty (its
   * previous event has fired). O(1).
   */
  pushLane(lane: number, time: number, target: number, kind: number, arg: number): void {
    this.nextTime = time;
    this.pushLaneAtNextTime(lane, target, kind, arg);
  }

  /** `pushLane` at `nextTime` (see there: no double crosses the call). */
  pushLaneAtNextTime(lane: number, target: number, kind: number, arg: number): void {
    if (this.lanesPending !== 0 || lane < 0 || lane >= this.laneCount) {
      this.pushLaneBehind(lane, target, kind, arg);
      return;
    }
    // No lane event pending (the common case: one lane, whose event just
    // fired): this one is the first, and lives in the fields only.
    this.firstLane = lane;
    this.firstLaneTime = this.nextTime;
    this.firstLaneSeq = this.nextSeq++;
    this.firstLaneInfo = (target << TARGET_SHIFT) | kind;
    this.firstLaneArg = arg;
    this.lanesPending = 1;
  }

  /** `pushLaneAtNextTime` when another lane's event is pending (or the lane is not open). */
  private pushLaneBehind(lane: number, target: number, kind: number, arg: number): void {
    if (lane === this.firstLane || this.laneSeq[lane] !== LANE_EMPTY) laneError(lane);
    const time = this.nextTime;
    const seq = this.nextSeq++;
    const info = (target << TARGET_SHIFT) | kind;
    this.lanesPending++;
    // `seq` is the largest yet: on a tie the pending first lane event stays first.
    if (time < this.firstLaneTime) {
      this.parkLane(this.firstLane, this.firstLaneTime, this.firstLaneSeq, this.firstLaneInfo, this.firstLaneArg);
      this.firstLane = lane;
      this.firstLaneTime = time;
      this.firstLaneSeq = seq;
      this.firstLaneInfo = info;
      this.firstLaneArg = arg;
    } else this.parkLane(lane, time, seq, info, arg);
  }

  /** Keep a lane event that is not the first in the lane arrays. */
  private parkLane(lane: number, time: number, seq: number, info: number, arg: number): void {
    this.laneTime[lane] = time;
    this.laneSeq[lane] = seq;
    this.laneInfo[lane] = info;
    this.laneArg[lane] = arg;
  }

  /**
   * Cancel a pending timer. Returns true if the handle named a timer that had
   * not fired yet. Stale handles and NO_EVENT are ignored.
   */
  cancel(handle: number): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_LIMIT;
    const gen = (handle - slot) / SLOT_LIMIT;
    // The generation matches only until the slot is released (fired or discarded).
    if (slot >= this.timersUsed || this.timerGen[slot] !== gen || this.timerTarget[slot] === CANCELLED) return false;
    this.timerTarget[slot] = CANCELLED;
    this.cancelledPending++;
    return true;
  }

  /** True while the handle's timer is scheduled and not cancelled. */
  isPending(handle: number): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_LIMIT;
    const gen = (handle - slot) / SLOT_LIMIT;
    return slot < this.timersUsed && this.timerGen[slot] === gen && this.timerTarget[slot] !== CANCELLED;
  }

  /**
   * Remove the earliest live event if it is due at or before `untilTime`
   * [s], discarding cancelled timers on the way. Its payload is left in
   * `poppedTime/Target/Kind/Arg` (no tuple allocated; `poppedTime` is the
   * clock's). Returns false, and leaves the queue as it is, when no live
   * event is due by `untilTime`.
   */
  pop(untilTime: number): boolean {
    this.untilTime = untilTime;
    const info = this.popInfo();
    if (info < 0) return false;
    this.poppedTarget = info >> TARGET_SHIFT;
    this.poppedKind = info & KIND_MASK;
    return true;
  }

  /**
   * `pop` for the run loop, up to `untilTime`: returns the event's info
   * (test it with `noEvent`, decode it with `infoTarget` and `infoKind`), sets the clock
   * and leaves only `poppedArg` in a field. Why: a value returned from an
   * inlined call stays in a register, where four fields written and read
   * back cost a store and a load each (and the decoding is this module's:
   * see NONE). Measured (valgrind, bench/engine-instructions.sh, engine-only
   * M/M/8): 1,267 → 1,246 instructions per request.
   */
  popInfo(): number {
    const untilTime = this.untilTime;
    // Why rare cases live in other methods: `popInfo` is inlined into the run
    // loop, and what V8 inlines there is capped by bytecode size; only the
    // common path (an ordinary event at the root, or a lane's) is here
    // (bytecode 323 → 174 bytes, lanes included).
    if (this.hole === true) this.fillHole();
    if (this.firstLane >= 0 && (this.heapSize === 0 || this.laneFirst())) return this.popLane();
    if (this.heapSize === 0) return NONE;
    const heap = this.heap;
    const ints = this.heapInts;
    const info = ints[INFO_WORD]!;
    if ((info & TIMER_FLAG) !== 0) return this.popTimer();
    const time = heap[TIME]!;
    if (time > untilTime) return NONE;
    this.hole = true;
    this.clock.now = time;
    this.poppedArg = ints[ARG_WORD]!;
    return info;
  }

  /** Whether `popInfo` returned "no event due". */
  noEvent(info: number): boolean {
    return info === NONE;
  }

  /** The target of an info `popInfo` returned. */
  infoTarget(info: number): number {
    return info >> TARGET_SHIFT;
  }

  /** The kind of an info `popInfo` returned. */
  infoKind(info: number): number {
    return info & KIND_MASK;
  }

  /** Time of the earliest live event (discarding cancelled timers at the top), or Infinity. */
  nextLiveTime(): number {
    for (;;) {
      if (this.hole) this.fillHole();
      if (this.heapSize === 0) return this.firstLaneTime;
      const info = this.heapInts[INFO_WORD]!;
      const slot = this.heapInts[ARG_WORD]!;
      if ((info & TIMER_FLAG) === 0 || this.timerTarget[slot] !== CANCELLED) {
        const t = this.heap[TIME]!;
        return this.firstLaneTime < t ? this.firstLaneTime : t;
      }
      this.hole = true;
      this.releaseTimer(slot);
      this.cancelledPending--;
    }
  }

  /** Drop every pending event (keeps capacity). */
  clear(): void {
    for (let i = this.hole ? 1 : 0; i < this.heapSize; i++) {
      if ((this.heapInts[2 * STRIDE * i + INFO_WORD]! & TIMER_FLAG) !== 0) this.releaseTimer(this.heapInts[2 * STRIDE * i + ARG_WORD]!);
    }
    this.heapSize = 0;
    this.hole = false;
    this.cancelledPending = 0;
    this.laneSeq.fill(LANE_EMPTY, 0, this.laneCount);
    this.lanesPending = 0;
    this.firstLane = -1;
    this.firstLaneTime = Infinity;
  }

  /** Whether the earliest lane event comes before the heap's root (both exist). */
  private laneFirst(): boolean {
    const t = this.firstLaneTime;
    const rt = this.heap[TIME]!;
    return t < rt || (t === rt && this.firstLaneSeq < this.heap[SEQ]!);
  }

  /** `pop` when the earliest lane event comes first. */
  private popLane(): number {
    const time = this.firstLaneTime;
    if (time > this.untilTime) return NONE;
    this.clock.now = time;
    this.poppedArg = this.firstLaneArg;
    const info = this.firstLaneInfo;
    this.firstLane = -1;
    this.firstLaneTime = Infinity;
    if (--this.lanesPending > 0) this.promoteFirstLane();
    return info;
  }

  /** The first lane event has fired: the earliest of the parked ones takes its place. */
  private promoteFirstLane(): void {
    let first = -1;
    for (let i = 0; i < this.laneCount; i++) {
      const seq = this.laneSeq[i]!;
      if (seq < 0) continue;
      const t = this.laneTime[i]!;
      if (first < 0 || t < this.firstLaneTime || (t === this.firstLaneTime && seq < this.firstLaneSeq)) {
        first = i;
        this.firstLaneTime = t;
        this.firstLaneSeq = seq;
      }
    }
    this.firstLane = first;
    this.firstLaneInfo = this.laneInfo[first]!;
    this.firstLaneArg = this.laneArg[first]!;
    this.laneSeq[first] = LANE_EMPTY;
  }

  /** `pop` when the root is a timer: discard it if it was cancelled, else hand it out. */
  private popTimer(): number {
    const slot = this.heapInts[ARG_WORD]!;
    if (this.timerTarget[slot] === CANCELLED) {
      // Discard every cancelled timer at the root, then start over (once:
      // the root is then empty, an ordinary event or a live timer).
      do {
        this.releaseTimer(this.heapInts[ARG_WORD]!);
        this.cancelledPending--;
        this.hole = true;
        this.fillHole();
      } while (this.heapSize > 0 && (this.heapInts[INFO_WORD]! & TIMER_FLAG) !== 0 && this.timerTarget[this.heapInts[ARG_WORD]!] === CANCELLED);
      return this.popInfo();
    }
    const time = this.heap[TIME]!;
    if (time > this.untilTime) return NONE;
    const info = this.heapInts[INFO_WORD]!;
    this.hole = true;
    this.clock.now = time;
    this.poppedArg = this.timerArg[slot]!;
    this.releaseTimer(slot);
    return info; // the timer flag is outside the kind's bits
  }

  private releaseTimer(slot: number): void {
    const g = this.timerGen[slot]! + 1;
    this.timerGen[slot] = g === GENERATION_LIMIT ? 0 : g;
    this.freeTimers[this.freeCount++] = slot;
  }

  /** The root is empty: sift the last event down from it. */
  private fillHole(): void {
    this.hole = false;
    const size = (this.heapSize - 1) | 0;
    this.heapSize = size;
    const n = (STRIDE * size) | 0;
    if (n > 0) this.siftDown(n, n);
  }

  /**
   * Sift the event at offset `from` (the root, or `end` just past the heap)
   * down from the root, which is free, among offsets [0, end).
   *
   * Why `| 0` on every offset (here, in `siftUp`, `pushAtNextTime` and
   * `fillHole`): V8 compiles `a + b` on small integers as a 32-bit add
   * followed by an overflow check and a deoptimisation exit; `(a + b) | 0`
   * asks for the wrapped 32-bit result, so the check goes (offsets stay far
   * below 2^31: `growHeap` refuses to pass MAX_HEAP_EVENTS, 350 M pending events). A sift level does
   * about eight such sums. Measured (valgrind, instructions per request):
   * M/M/8 (bash bench/mmc-instructions.sh) 1,601 → 1,562, sofoot (bash
   * bench/instructions-per-request.sh), whose heap is deeper, 5,566 → 5,462.
   * Why `t <= ct && (t < ct || …)` rather than `t < ct || (t === ct && …)`:
   * the same order, but the common "not before" case is one compare instead
   * of two (a tie is rare). Measured: M/M/8 1,407 → 1,401; sofoot over the
   * longer window (bash bench/instructions-per-request-long.sh) 4,985 → 4,946.
   */
  private siftDown(from: number, end: number): void {
    const heap = this.heap;
    const time = heap[from + TIME]!;
    const seq = heap[from + SEQ]!;
    const payload = heap[from + PAYLOAD]!;
    let pos = 0;
    for (;;) {
      // Event i's children are 2i + 1 and 2i + 2: offsets 2 pos + 3 and 2 pos + 6.
      let child = (2 * pos + STRIDE) | 0;
      if (child >= end) break;
      let ct = heap[child]!;
      const c = (child + STRIDE) | 0;
      if (c < end) {
        const t = heap[c]!;
        if (t <= ct && (t < ct || heap[(c + SEQ) | 0]! < heap[(child + SEQ) | 0]!)) {
          child = c;
          ct = t;
        }
      }
      if (time <= ct && (time < ct || seq < heap[(child + SEQ) | 0]!)) break;
      heap[pos] = ct;
      heap[(pos + SEQ) | 0] = heap[(child + SEQ) | 0]!;
      heap[(pos + PAYLOAD) | 0] = heap[(child + PAYLOAD) | 0]!;
      pos = child;
    }
    heap[pos] = time;
    heap[(pos + SEQ) | 0] = seq;
    heap[(pos + PAYLOAD) | 0] = payload;
  }

  /** Sift event `i` (an index, not an offset) up: a hole-based sift, one write per number per level. */
  private siftUp(i: number): void {
    const heap = this.heap;
    let pos = (STRIDE * i) | 0;
    const time = heap[pos]!;
    const seq = heap[(pos + SEQ) | 0]!;
    const payload = heap[(pos + PAYLOAD) | 0]!;
    while (i > 0) {
      i = (i - 1) >> 1;
      const parent = (STRIDE * i) | 0;
      const pt = heap[parent]!;
      // `seq` is the largest yet: an equal-time event already pending stays above it.
      if (pt <= time) break;
      heap[pos] = pt;
      heap[(pos + SEQ) | 0] = heap[(parent + SEQ) | 0]!;
      heap[(pos + PAYLOAD) | 0] = heap[(parent + PAYLOAD) | 0]!;
      pos = parent;
    }
    heap[pos] = time;
    heap[(pos + SEQ) | 0] = seq;
    heap[(pos + PAYLOAD) | 0] = payload;
  }

  private growHeap(): void {
    if (this.heap.length * 2 > MAX_HEAP_EVENTS * STRIDE) {
      throw new RangeError(`more than ${MAX_HEAP_EVENTS} events pending at once: the model is probably unstable`);
    }
    this.heap = grow(this.heap, new Float64Array(this.heap.length * 2)); // same type: a byte copy
    this.heapInts = new Int32Array(this.heap.buffer);
  }

  private growTimers(): void {
    const cap = this.timerTarget.length * 2;
    if (cap > SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} timers pending at once: the model is probably unstable`);
    this.timerTarget = grow(this.timerTarget, new Int32Array(cap));
    this.timerArg = grow(this.timerArg, new Int32Array(cap));
    this.timerGen = grow(this.timerGen, new Float64Array(cap));
    this.freeTimers = grow(this.freeTimers, new Int32Array(cap));
  }
}

function laneError(lane: number): never {
  throw new Error(`event queue: lane ${lane} is not open or already holds an event`);
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
