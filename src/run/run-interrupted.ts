/**
 * A run interrupted (Ctrl-C, SIGTERM) through `RunScenarioOptions.signal`.
 *
 * With at least one replication done, `runScenario` returns the summary of
 * the replications 0..k-1 done in index order, marked `partial: true` and
 * `interrupted` (byte-identical otherwise to a run asked for k
 * replications). With none done there is nothing to summarise: it throws
 * {@link RunInterrupted}.
 */

import type { ReplicationResult } from './replication.js';

/** `summary.interrupted`: why the summary is partial. */
export interface InterruptedInfo {
  /** The signal's name when the abort reason is one ("SIGINT", "SIGTERM"). */
  signal: string;
  /** Replications 0..completedReplications-1, the ones in the summary. */
  completedReplications: number;
  /** What the run asked for (the cap with `--replications auto`). */
  requestedReplications: number;
}

export class RunInterrupted extends Error {
  constructor(readonly signal: string, readonly requestedReplications: number) {
    super(`interrupted (${signal}) before any of the ${requestedReplications} replication(s) completed`);
  }
}

/** The signal name carried by an AbortSignal's reason, or "abort". */
export function signalName(signal: AbortSignal): string {
  return typeof signal.reason === 'string' && /^SIG[A-Z]+$/.test(signal.reason) ? signal.reason : 'abort';
}

/**
 * A pool of several scenarios' replications interrupted (run-pool.ts), with
 * what it had done: `done[s]` holds scenario s's replications from..k-1
 * (from: the pool's `fromReplication`, 0 unless a later round of
 * --replications auto in compare or sweep), the longest run of them from `from` that
 * completed (a replication done after a
 * missing one is left out, so the prefix is what a run asked for k
 * replications would have produced, byte for byte).
 */
export class PoolInterrupted extends RunInterrupted {
  constructor(
    signal: string,
    requestedReplications: number,
    readonly done: ReadonlyArray<readonly ReplicationResult[]>,
  ) {
    super(signal, requestedReplications);
  }
}
