/**
 * A replication that died: its worker thread exited or threw, or (in this
 * thread) the simulation threw something that is not bad input.
 *
 * It is a bug of the simulator (exit 3), but the replications completed
 * before it are kept: `runScenario` returns their summary marked
 * `partial: true` with `crashed`, so an hour of completed work is not lost
 * to one bad replication; the CLI writes it and exits 3. With none
 * completed, {@link ReplicationCrashed} reaches the caller.
 */
import type { ReplicationResult } from './replication.js';

/** `summary.crashed`: which replication died, so it can be re-run alone (`--seed`, `run.replications`). */
export interface CrashedInfo {
  /** Index of the replication that died (0-based; its seed is `seed`). */
  replication: number;
  seed: number | string;
  /** What was seen: the error's message, or the worker's exit code. */
  message: string;
  /** Replications 0..completedReplications-1, the ones in the summary. */
  completedReplications: number;
  requestedReplications: number;
}

export class ReplicationCrashed extends Error {
  constructor(
    readonly replication: number,
    readonly seed: number | string,
    readonly detail: string,
    /** The replications completed before it, in index order from the range's start (a prefix: later ones done out of order are dropped). */
    readonly completed: ReplicationResult[],
  ) {
    super(`replication ${replication} (seed ${JSON.stringify(seed)}) crashed: ${detail}`);
  }
}
