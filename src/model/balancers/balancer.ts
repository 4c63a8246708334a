/** What a balancing policy may look at on each backend. */
export interface BackendView {
  /** Requests in the backend (in service + waiting). */
  readonly inSystem: number;
  /**
   * Whether the balancer believes the backend is up: its health-check state,
   * not the truth. A dead backend stays `up` until the checks notice; a
   * balancer without health checks sees every backend up.
   */
  readonly up: boolean;
}

/** `pick`'s answer when no backend is eligible (the request fails: no healthy backend). */
export const NO_BACKEND = -1;

/**
 * A load-balancing policy: pick the index of the backend for the next
 * request, among those that are `up`, or NO_BACKEND. Policies are tiny,
 * built once from the validated scenario, and allocation-free per pick.
 * `key` identifies the client (a session id) for policies that keep a
 * client on one backend; others ignore it.
 */
export interface Balancer {
  readonly name: string;
  pick(backends: readonly BackendView[], key: number): number;
  /** The backend's relative share when all are up (weighted policies); 1 when absent. */
  weightOf?(index: number): number;
}

/** How many backends are up. */
export function countUp(backends: readonly BackendView[]): number {
  let up = 0;
  for (let i = 0; i < backends.length; i++) if (backends[i]!.up) up++;
  return up;
}

/** Index of the k-th backend that is up (0-based), or NO_BACKEND. */
export function nthUp(backends: readonly BackendView[], k: number): number {
  for (let i = 0; i < backends.length; i++) {
    if (!backends[i]!.up) continue;
    if (k === 0) return i;
    k--;
  }
  return NO_BACKEND;
}
