/**
 * The pending-event set: a binary min-heap on (time, insertion sequence) over
 * parallel typed arrays, plus a slot table holding each event's payload.
 *
 * An event is four numbers: when it fires (simulated seconds), which
 * component receives it (`target`), an event kind chosen by that component
 * and one integer argument (a request id, a server index…). Nothing is
 * allocated per event: slots are recycled through a free list and the arrays
 * only grow (by doubling) when more events are pending at once than ever
 * before.
 *
 * Ties on time are broken by insertion order (a global sequence number), so
 * two events scheduled for the same instant fire in the order they were
 * scheduled, whatever the heap's shape: that is what makes a run
 * reproducible. (mourner/flatqueue, which this follows, is not stable on ties;
 * SimPy and NeXosim add an event id/epoch for the same reason.)
 *
 * Cancellation is lazy: `cancel` marks the slot, and `pop` discards marked
 * events when they reach the top. Handles carry a generation number so a
 * stale handle (its event already fired, its slot reused) cancels nothing.
 */

/** Handles pack `generation * SLOT_LIMIT + slot` into one safe integer. */
const SLOT_BITS = 26;
const SLOT_LIMIT = 2 ** SLOT_BITS; // 67 M events pending at once, far above any scenario.
const GENERATION_LIMIT = 2 ** (53 - SLOT_BITS);

const STATE_FREE = 0;
const STATE_PENDING = 1;
const STATE_CANCELLED = 2;

/** A handle that never names a pending event (returned for "no timer"). */
export const NO_EVENT = -1;

export class EventQueue {
  // Heap, by position. Times and sequence numbers live beside the slot id so a
  // sift compares keys without following the slot indirection (cache-friendly).
  private heapTime: Float64Array;
  private heapSeq: Float64Array; // float64: exact up to 2^53 insertions
  private heapSlot: Int32Array;
  private heapSize = 0;

  // Slot table, by slot id.
  private slotTarget: Int32Array;
  private slotKind: Int32Array;
  private slotArg: Int32Array;
  private slotGen: Float64Array;
  private slotState: Uint8Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;

  private nextSeq = 0;
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
    this.heapSlot = new Int32Array(cap);
    this.slotTarget = new Int32Array(cap);
    this.slotKind = new Int32Array(cap);
    this.slotArg = new Int32Array(cap);
    this.slotGen = new Float64Array(cap);
    this.slotState = new Uint8Array(cap);
    this.freeSlots = new Int32Array(cap);
  }

  /** Events in the heap, including cancelled ones not yet discarded. */
  get size(): number {
    return this.heapSize;
  }

  /** Events that will still fire. */
  get livePending(): number {
    return this.heapSize - this.cancelledPending;
  }

  /** Time of the earliest event in the heap (possibly a cancelled one), or Infinity. */
  peekTime(): number {
    return this.heapSize > 0 ? this.heapTime[0]! : Infinity;
  }

  /**
   * Schedule an event at absolute time `time` (seconds). Returns a handle for
   * `cancel`. O(log n), allocation-free unless the arrays must grow.
   */
  push(time: number, target: number, kind: number, arg: number): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount]!;
    } else {
      if (this.slotsUsed === this.slotTarget.length) this.growSlots();
      slot = this.slotsUsed++;
    }
    this.slotTarget[slot] = target;
    this.slotKind[slot] = kind;
    this.slotArg[slot] = arg;
    this.slotState[slot] = STATE_PENDING;

    if (this.heapSize === this.heapTime.length) this.growHeap();
    const seq = this.nextSeq++;
    // Sift up with a hole: move parents down until the new key fits (one write per level).
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    let pos = this.heapSize++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[pos] = pt;
      seqs[pos] = seqs[parent]!;
      slots[pos] = slots[parent]!;
      pos = parent;
    }
    times[pos] = time;
    seqs[pos] = seq;
    slots[pos] = slot;
    return this.slotGen[slot]! * SLOT_LIMIT + slot;
  }

  /**
   * Cancel a pending event. Returns true if the handle named an event that had
   * not fired yet. Stale handles and NO_EVENT are ignored.
   */
  cancel(handle: number): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_LIMIT;
    const gen = (handle - slot) / SLOT_LIMIT;
    if (slot >= this.slotsUsed || this.slotGen[slot] !== gen || this.slotState[slot] !== STATE_PENDING) {
      return false;
    }
    this.slotState[slot] = STATE_CANCELLED;
    this.cancelledPending++;
    return true;
  }

  /** True while the handle's event is scheduled and not cancelled. */
  isPending(handle: number): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_LIMIT;
    const gen = (handle - slot) / SLOT_LIMIT;
    return slot < this.slotsUsed && this.slotGen[slot] === gen && this.slotState[slot] === STATE_PENDING;
  }

  /**
   * Remove the earliest live event if it is due at or before `untilTime`
   * [s], discarding cancelled events on the way. Its payload is left in
   * `poppedTime/Target/Kind/Arg` (no tuple allocated). Returns false, and
   * leaves the queue as it is, when no live event is due by `untilTime`.
   */
  pop(untilTime = Infinity): boolean {
    while (this.heapSize > 0) {
      const slot = this.heapSlot[0]!;
      if (this.slotState[slot] === STATE_CANCELLED) {
        this.removeRoot();
        this.releaseSlot(slot);
        this.cancelledPending--;
        continue;
      }
      const time = this.heapTime[0]!;
      if (time > untilTime) return false;
      this.removeRoot();
      this.poppedTime = time;
      this.poppedTarget = this.slotTarget[slot]!;
      this.poppedKind = this.slotKind[slot]!;
      this.poppedArg = this.slotArg[slot]!;
      this.releaseSlot(slot);
      return true;
    }
    return false;
  }

  /** Time of the earliest live event (discarding cancelled ones at the top), or Infinity. */
  nextLiveTime(): number {
    while (this.heapSize > 0) {
      const slot = this.heapSlot[0]!;
      if (this.slotState[slot] !== STATE_CANCELLED) return this.heapTime[0]!;
      this.removeRoot();
      this.releaseSlot(slot);
      this.cancelledPending--;
    }
    return Infinity;
  }

  /** Drop every pending event (keeps capacity). */
  clear(): void {
    for (let i = 0; i < this.heapSize; i++) this.releaseSlot(this.heapSlot[i]!);
    this.heapSize = 0;
    this.cancelledPending = 0;
  }

  private releaseSlot(slot: number): void {
    this.slotState[slot] = STATE_FREE;
    const g = this.slotGen[slot]! + 1;
    this.slotGen[slot] = g === GENERATION_LIMIT ? 0 : g;
    this.freeSlots[this.freeCount++] = slot;
  }

  private removeRoot(): void {
    const n = --this.heapSize;
    if (n === 0) return;
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    // Take the last element and sift it down from the root with a hole.
    const time = times[n]!;
    const seq = seqs[n]!;
    const slot = slots[n]!;
    const half = n >> 1;
    let pos = 0;
    while (pos < half) {
      let child = 2 * pos + 1;
      let ct = times[child]!;
      let cs = seqs[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < cs)) {
          child = right;
          ct = rt;
          cs = seqs[right]!;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      times[pos] = ct;
      seqs[pos] = cs;
      slots[pos] = slots[child]!;
      pos = child;
    }
    times[pos] = time;
    seqs[pos] = seq;
    slots[pos] = slot;
  }

  private growHeap(): void {
    const cap = this.heapTime.length * 2;
    this.heapTime = grow(this.heapTime, new Float64Array(cap));
    this.heapSeq = grow(this.heapSeq, new Float64Array(cap));
    this.heapSlot = grow(this.heapSlot, new Int32Array(cap));
  }

  private growSlots(): void {
    const cap = this.slotTarget.length * 2;
    if (cap > SLOT_LIMIT) {
      throw new RangeError(`more than ${SLOT_LIMIT} events pending at once: the model is probably unstable`);
    }
    this.slotTarget = grow(this.slotTarget, new Int32Array(cap));
    this.slotKind = grow(this.slotKind, new Int32Array(cap));
    this.slotArg = grow(this.slotArg, new Int32Array(cap));
    this.slotGen = grow(this.slotGen, new Float64Array(cap));
    this.slotState = grow(this.slotState, new Uint8Array(cap));
    this.freeSlots = grow(this.freeSlots, new Int32Array(cap));
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
