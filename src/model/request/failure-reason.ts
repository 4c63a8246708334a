/**
 * Why a request failed. Indices into the per-reason counters; names are the
 * keys of `requests.failedBy` in the JSON summary.
 */
export const FailureReason = {
  /** The chosen server's queue was full (HTTP 502/503 from the backlog). */
  rejected: 0,
  /** The client gave up waiting. */
  timeout: 1,
  /** The balancer had no healthy backend to send it to. */
  noBackend: 2,
  /** The server died while the request was in it. */
  died: 3,
  /** A synchronous cluster lost quorum and refused the write. */
  quorumLost: 4,
  /** Sent to a backend that was dead but still believed up (connection refused). */
  refused: 5,
  /**
   * It had to cross a partitioned link: the connect attempt (or the wait for
   * the response) hung until the link's connect timeout, then failed.
   */
  unreachable: 6,
  /** A Galera commit failed certification (a concurrent write won) on every try. */
  conflict: 7,
  /**
   * Still in the system when the run ended, after waiting longer than its
   * class's timeout (or UNFINISHED_DEFAULT_LIMIT_SECONDS for a class without
   * one): counted at the end of the run (see RequestTable.settleUnfinished),
   * never during it.
   */
  unfinished: 8,
  /**
   * It waited in a tier's HAProxy backend queue (every server at `maxconn`)
   * longer than `timeout queue`, or found that queue full: HAProxy's 503.
   */
  queueTimeout: 9,
} as const;

/** How long a measured request still in the system at the end may have waited before it counts as failed `unfinished`, for a class with no timeout [s]. */
export const UNFINISHED_DEFAULT_LIMIT_SECONDS = 60;

export type FailureReasonName = keyof typeof FailureReason;
export const FAILURE_REASON_NAMES: readonly FailureReasonName[] = ['rejected', 'timeout', 'noBackend', 'died', 'quorumLost', 'refused', 'unreachable', 'conflict', 'unfinished', 'queueTimeout'];

/** `choose` failed: −1 − FailureReason (so a server index is ≥ 0). */
export function choiceFailure(reason: number): number {
  return -1 - reason;
}

/** `choose` took the request itself (it waits in the tier's backend queue): the caller stops here. */
export const CHOICE_TAKEN = -1000;
