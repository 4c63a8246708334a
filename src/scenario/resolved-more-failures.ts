/** Random failures of balancers, links, monitors and arbitrators (issue #13), resolved. */
import type { Distribution } from '../rng/distributions.js';

export type FailingThing =
  | { kind: 'balancer'; tier: number }
  | { kind: 'link'; link: number }
  /** The monitor of a tier's database failover, IP failover or DRP site. */
  | { kind: 'monitor'; tier: number; of: 'failover' | 'ip-failover' | 'drp' }
  | { kind: 'arbitrator'; tier: number; arbitrator: number };

export interface ResolvedMoreFailure {
  thing: FailingThing;
  /** As a server's `failures` (ResolvedFailures). */
  failures: { timeToFailure: Distribution; timeToRepair: Distribution };
}
