/** What a balancing policy may look at on each backend. */
export interface BackendView {
  /** Requests in the backend (in service + waiting). */
  readonly inSystem: number;
}

/**
 * A load-balancing policy: pick the index of the backend for the next
 * request. Policies are tiny, built once from the validated scenario, and
 * allocation-free per pick.
 */
export interface Balancer {
  readonly name: string;
  pick(backends: readonly BackendView[]): number;
}
