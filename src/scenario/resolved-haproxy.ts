/** HAProxy-like balancing in front of a tier, as resolved (schema-haproxy.ts, resolve-haproxy.ts). */
export interface ResolvedHaproxy {
  /** Per server: connections at once (HAProxy `maxconn`); Infinity: no cap, hence no backend queue. */
  maxconn: number;
  /** Requests the shared backend queue holds; one more finds it full and fails (queueTimeout). Infinity: unbounded. */
  queueLimit: number;
  /** How long a request may wait in the backend queue (`timeout queue`) [s]. */
  timeoutQueueSeconds: number;
  /** How long a connect to a vanished server hangs before it fails (`timeout connect`) [s]. */
  timeoutConnectSeconds: number;
  /** Connection retries after a refused or timed-out connect (`retries`). */
  retries: number;
  /** Which retries go to another server (`option redispatch`): none, the last one, or every one. */
  redispatch: 'off' | 'last' | 'every';
  /** Wait before a retry on the same server after a refusal (HAProxy's turn-around timer, at most timeoutConnect) [s]. */
  retryDelaySeconds: number;
}
