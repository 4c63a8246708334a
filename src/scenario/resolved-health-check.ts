/** A health check as resolved: used by balancers (`healthCheck`) and by every recovery monitor. */
export interface ResolvedHealthCheck {
  intervalSeconds: number;
  timeoutSeconds: number;
  rise: number;
  fall: number;
}
