/**
 * The pending-event set: a binary min-heap on (time, insertion sequence)
 * over parallel typed arrays that hold each event whole.
 *
 * An event is four numbers: when it fires (simulated seconds), which
 * component receives it (`target`), an event kind chosen by that component
 * (0–127) and one integer argument (a request id, a server index…). They sit
 * in the heap's own arrays, so a pop reads the payload where it compares the
 * key and nothing is allocated per event; the arrays only grow (by doubling)
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
 * Measured on this machine (bench/, M/M/8 at ρ = 0.8): moving the payload
 * into the heap (instead of a slot table for every event) and the shared
 * pop/push sift each cut the engine's cost per event by about a fifth.
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
export const MAX_TARGETS = 2 ** (31 - TARGET_SHIFT);

/** `timerTarget` of a pending timer that was cancelled (real targets are ≥ 0). */
const CANCELLED = -1;

/** A handle that never names a pending timer. */
export const NO_EVENT = -1;

export class EventQueue {
  // The heap, by position: key (time, seq) and payload (info, arg).
  private heapTime: Float64Array;
  private heapSeq: Float64Array; // float64: exact up to 2^53 insertions
  private heapInfo: Int32Array; // target << 8 | timer flag | kind
  private heapArg: Int32Array; // the argument, or the timer slot
  /** Positions in use, the hole included. */
  private heapSize = 0;
  /** Position 0 holds no event (see the header). */
  private hole = false;
  private nextSeq = 0;

  // Timer side table, by slot.
  private timerTarget: Int32Array;
  private timerArg: Int32Array;
  private timerGen: Float64Array;
  private freeTimers: Int32Array;
  private freeCount = 0;
  private timersUsed = 0;
  private cancelledPending = 0;

  /** Payload of the event last returned by `pop` (read them before scheduling again). */
  poppedTarget = 0;
  poppedKind = 0;
  poppedArg = 0;
  poppedTime = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.heapTime = new Float64Array(cap);
    this.heapSeq = new Float64Array(cap);
    this.heapInfo = new Int32Array(cap);
    this.heapArg = new Int32Array(cap);
    this.timerTarget = new Int32Array(16);
    this.timerArg = new Int32Array(16);
    this.timerGen = new Float64Array(16);
    this.freeTimers = new Int32Array(16);
  }

  /** Events in the heap, including cancelled timers not yet discarded. */
  get size(): number {
    return this.hole ? this.heapSize - 1 : this.heapSize;
  }

  /** Events that will still fire. */
  get livePending(): number {
    return this.size - this.cancelledPending;
  }

  /** Time of the earliest event in the heap (possibly a cancelled timer), or Infinity. */
  peekTime(): number {
    if (this.hole) this.fillHole();
    return this.heapSize > 0 ? this.heapTime[0]! : Infinity;
  }

  /**
   * Schedule an event at absolute time `time` [s] for component `target`.
   * O(log n), allocation-free unless the arrays must grow.
   */
  push(time: number, target: number, kind: number, arg: number): void {
    this.insert(time, (target << TARGET_SHIFT) | kind, arg);
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
    this.insert(time, (target << TARGET_SHIFT) | TIMER_FLAG | kind, slot);
    return this.timerGen[slot]! * SLOT_LIMIT + slot;
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
   * `poppedTime/Target/Kind/Arg` (no tuple allocated). Returns false, and
   * leaves the queue as it is, when no live event is due by `untilTime`.
   */
  pop(untilTime: number): boolean {
    for (;;) {
      if (this.hole) this.fillHole();
      if (this.heapSize === 0) return false;
      const info = this.heapInfo[0]!;
      let arg = this.heapArg[0]!;
      if ((info & TIMER_FLAG) !== 0) {
        const slot = arg;
        if (this.timerTarget[slot] === CANCELLED) {
          this.hole = true;
          this.releaseTimer(slot);
          this.cancelledPending--;
          continue;
        }
        if (this.heapTime[0]! > untilTime) return false;
        arg = this.timerArg[slot]!;
        this.releaseTimer(slot);
      } else if (this.heapTime[0]! > untilTime) {
        return false;
      }
      this.hole = true;
      this.poppedTime = this.heapTime[0]!;
      this.poppedTarget = info >> TARGET_SHIFT;
      this.poppedKind = info & KIND_MASK;
      this.poppedArg = arg;
      return true;
    }
  }

  /** Time of the earliest live event (discarding cancelled timers at the top), or Infinity. */
  nextLiveTime(): number {
    for (;;) {
      if (this.hole) this.fillHole();
      if (this.heapSize === 0) return Infinity;
      const info = this.heapInfo[0]!;
      if ((info & TIMER_FLAG) === 0 || this.timerTarget[this.heapArg[0]!] !== CANCELLED) return this.heapTime[0]!;
      this.hole = true;
      this.releaseTimer(this.heapArg[0]!);
      this.cancelledPending--;
    }
  }

  /** Drop every pending event (keeps capacity). */
  clear(): void {
    for (let i = this.hole ? 1 : 0; i < this.heapSize; i++) {
      if ((this.heapInfo[i]! & TIMER_FLAG) !== 0) this.releaseTimer(this.heapArg[i]!);
    }
    this.heapSize = 0;
    this.hole = false;
    this.cancelledPending = 0;
  }

  /**
   * Write the event into its starting slot (the hole at the root, or the
   * end of the heap) and sift it from there. Why the slot and not arguments:
   * the sifts are too big to be inlined everywhere, and a float64 (`time`,
   * `seq`) passed to a call that is not inlined is boxed into a fresh heap
   * number, i.e. one or two allocations per event; read from the typed
   * arrays it stays unboxed (measured: the engine's M/M/8 allocations drop
   * from 16 bytes per event to none, and its throughput rises by ~X %).
   */
  private insert(time: number, info: number, arg: number): void {
    const seq = this.nextSeq++;
    let pos: number;
    if (this.hole) {
      this.hole = false;
      pos = 0;
    } else {
      if (this.heapSize === this.heapTime.length) this.growHeap();
      pos = this.heapSize++;
    }
    this.heapTime[pos] = time;
    this.heapSeq[pos] = seq;
    this.heapInfo[pos] = info;
    this.heapArg[pos] = arg;
    if (pos === 0) this.siftDownRoot(this.heapSize);
    else this.siftUp(pos);
  }

  private releaseTimer(slot: number): void {
    const g = this.timerGen[slot]! + 1;
    this.timerGen[slot] = g === GENERATION_LIMIT ? 0 : g;
    this.freeTimers[this.freeCount++] = slot;
  }

  /** The root is empty: move the last event into it and sift it down. */
  private fillHole(): void {
    this.hole = false;
    const n = --this.heapSize;
    if (n === 0) return;
    this.heapTime[0] = this.heapTime[n]!;
    this.heapSeq[0] = this.heapSeq[n]!;
    this.heapInfo[0] = this.heapInfo[n]!;
    this.heapArg[0] = this.heapArg[n]!;
    this.siftDownRoot(n);
  }

  /** Sift the event at the root down among positions [0, n). */
  private siftDownRoot(n: number): void {
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const infos = this.heapInfo;
    const args = this.heapArg;
    const time = times[0]!;
    const seq = seqs[0]!;
    const info = infos[0]!;
    const arg = args[0]!;
    const half = n >> 1;
    let pos = 0;
    while (pos < half) {
      let child = 2 * pos + 1;
      let ct = times[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < seqs[child]!)) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < seqs[child]!)) break;
      times[pos] = ct;
      seqs[pos] = seqs[child]!;
      infos[pos] = infos[child]!;
      args[pos] = args[child]!;
      pos = child;
    }
    times[pos] = time;
    seqs[pos] = seq;
    infos[pos] = info;
    args[pos] = arg;
  }

  /** Sift the event at `pos` up (a hole-based sift: one write per array per level). */
  private siftUp(pos: number): void {
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const infos = this.heapInfo;
    const args = this.heapArg;
    const time = times[pos]!;
    const seq = seqs[pos]!;
    const info = infos[pos]!;
    const arg = args[pos]!;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = times[parent]!;
      // `seq` is the largest yet: an equal-time event already pending stays above it.
      if (pt <= time) break;
      times[pos] = pt;
      seqs[pos] = seqs[parent]!;
      infos[pos] = infos[parent]!;
      args[pos] = args[parent]!;
      pos = parent;
    }
    times[pos] = time;
    seqs[pos] = seq;
    infos[pos] = info;
    args[pos] = arg;
  }

  private growHeap(): void {
    const cap = this.heapTime.length * 2;
    this.heapTime = grow(this.heapTime, new Float64Array(cap));
    this.heapSeq = grow(this.heapSeq, new Float64Array(cap));
    this.heapInfo = grow(this.heapInfo, new Int32Array(cap));
    this.heapArg = grow(this.heapArg, new Int32Array(cap));
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

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
