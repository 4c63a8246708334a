/**
 * Exit codes of `simulate`, in one place (k6's errext/exitcodes). CI gates
 * rely on them: do not renumber.
 */
export const ExitCode = {
  /** The run finished and every SLO held (or there were none). */
  ok: 0,
  /** The system did not cope: an SLO failed, a tier was unstable, or the run stopped at the in-system limit. */
  sloFailed: 1,
  /** Bad command line or bad scenario: nothing was simulated. */
  badInput: 2,
  /** A bug in the simulator: please report it with the scenario. */
  internalError: 3,
  /** Ctrl-C (SIGINT, 128 + 2): the summary, if any, covers the replications done and is marked `partial`. */
  interrupted: 130,
  /** SIGTERM (128 + 15): as for `interrupted`. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
