/**
 * The requests holding a slot of a processor-sharing server while the rest
 * of their path runs (a PHP-FPM child waiting for MySQL): the set a death
 * must find. Kept only on servers that can die, in typed arrays (an id per
 * position and a position per id) so adding and removing allocate nothing
 * once grown.
 */
export class HeldSlots {
  private ids: Int32Array;
  private posOf = new Int32Array(0);
  size = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(Math.max(16, Math.min(capacity, 1 << 20)));
  }

  add(request: number): void {
    if (this.size === this.ids.length) {
      const next = new Int32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    if (request >= this.posOf.length) {
      const next = new Int32Array(Math.max(1024, 2 ** Math.ceil(Math.log2(request + 1))));
      next.set(this.posOf);
      this.posOf = next;
    }
    this.ids[this.size] = request;
    this.posOf[request] = this.size++;
  }

  /** Remove a request the set holds (the caller knows it does). */
  remove(request: number): void {
    const pos = this.posOf[request]!;
    const last = --this.size;
    if (pos !== last) {
      const moved = this.ids[last]!;
      this.ids[pos] = moved;
      this.posOf[moved] = pos;
    }
  }

  /** Empty the set, returning its requests (a death: not the hot path). */
  drain(): number[] {
    const out = Array.from(this.ids.subarray(0, this.size));
    this.size = 0;
    return out;
  }
}
