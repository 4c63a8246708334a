/** The simulated clock [s]. One mutable number shared by the engine and every context. */
export class Clock {
  // Why 0.5, then 0: V8 picks a field's representation from its first
  // value; a time that starts as the small integer 0 turns the field into a
  // double at the first fractional time, which deprecates the map, and code
  // that holds a Clock in a field then checks its map at every `now` it
  // reads or writes (one map check per event in the run loop). Starting as
  // a double, the map never changes. Measured (valgrind, instructions per
  // request): engine-only M/M/8 (bench/engine-instructions.sh) 1,150 ->
  // 1,127, full M/M/8 (bench/mmc-instructions.sh) 1,819 -> 1,789, sofoot
  // (bench/instructions-per-request.sh) 5,815-5,831 -> 5,722.
  now = 0.5;

  constructor() {
    this.now = 0;
  }
}
