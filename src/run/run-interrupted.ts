/**
 * A run interrupted (Ctrl-C, SIGTERM) through `RunScenarioOptions.signal`.
 *
 * With at least one replication done, `runScenario` returns the summary of
 * the replications 0..k-1 done in index order, marked `partial: true` and
 * `interrupted` (byte-identical otherwise to a run asked for k
 * replications). With none done there is nothing to summarise: it throws
 * {@link RunInterrupted}.
 */

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
