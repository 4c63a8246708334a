/** A health check as resolved: used by balancers (`healthCheck`) and by every recovery monitor. */
export interface ResolvedHealthCheck {
  intervalSeconds: number;
  timeoutSeconds: number;
  rise: number;
  fall: number;
  /** Index of the site the probes come from (`from`): a probe across a partitioned link fails. Absent: probes cross no link. */
  fromSite?: number;
}
