/**
 * The V8 setting the simulator runs with, set once per process before the
 * hot path is compiled (simulate, its workers, the benchmarks).
 *
 * `--max-inlined-bytecode-size-cumulative` (V8 default 920 bytes) caps how
 * much bytecode TurboFan inlines into one optimised function. The event
 * loop's handlers are chains of small methods (source → flow → tier →
 * server → queue); at the default the chain is cut in several places and
 * each cut is a call that boxes nothing but still pays a frame, argument
 * checks and the reloading of every field the caller had in registers.
 * Measured (valgrind, instructions per request, 1 December 2026, this
 * checkout; cumulative budget 920 / 2,400 / 3,000 / 4,000 / 5,000 / 6,000):
 * sofoot (bash bench/instructions-per-request.sh) 5,462 / 5,141 / 5,229 /
 * 5,122 / 5,436 / 5,463; M/M/8 (bash bench/mmc-instructions.sh) 1,562 /
 * - / 1,453 / 1,440 / - / 1,467. Past about 4,000 the inlined functions
 * grow enough for V8 to stop inlining inside them, and the count rises
 * again. The bare loop of bench/mmc-bare.ts runs under the same setting
 * (the same process), 765 → 731.
 *
 * Why a flag set at run time (`v8.setFlagsFromString`), not on node's
 * command line: `simulate` is started as `npx simulate`, `node
 * dist/src/cli/main.js` or through npm's bin shim, and NODE_OPTIONS does
 * not accept this flag. V8 reads it when it optimises a function, so
 * setting it before the first replication is enough; workers share the
 * process's flags.
 */
import v8 from 'node:v8';

/** TurboFan's cumulative inlining budget [bytes of bytecode] (see the module header). */
export const INLINE_BUDGET_BYTES = 4000;

let tuned = false;

/** Apply the setting (once per process; later calls do nothing). */
export function tuneV8(): void {
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINE_BUDGET_BYTES}`);
}
