/**
 * Random failures of what is not a server, a host or a site (issue #13):
 * the balancer in front of a tier, a link, the monitor of a failover (the
 * monitoring VPS that drives IP failover), a Galera arbitrator. Each takes
 * the same `{ mtbf, mttr }` as a server's `failures`; the schema of that
 * object is passed in because it lives in `schema.ts`, which imports this.
 */
import { z } from 'zod';
import { FailoverSchema, IpFailoverSchema, DrpSchema, MonitorSchema } from './schema-recovery.js';

const MONITOR_DEFAULT = { interval: '10s', timeout: '5s', fall: 3, rise: 2 };

/** The recovery sections whose monitor may fail, and the fields of the other failing things. */
export function moreFailureSchemas<F extends z.ZodType>(Failures: F) {
  const monitor = MonitorSchema.extend({
    failures: Failures.optional().meta({ description: 'Random failures of the monitor itself: while it is down it detects nothing (no failure, no return).' }),
  }).default(MONITOR_DEFAULT);
  return {
    failover: FailoverSchema.extend({ monitor }),
    ipFailover: IpFailoverSchema.extend({ monitor }),
    drp: DrpSchema.extend({ monitor }),
    balancerFailures: Failures.optional().meta({
      description: "Random failures of the tier's balancer: down for the repair time when single, for `takeover` when a pair, never when fault-tolerant (balancerRedundancy).",
    }),
    linkFailures: Failures.optional().meta({ description: 'Random cuts of the link: nothing crosses it until the repair (as a scheduled link incident).' }),
    arbitratorFailures: Failures.optional().meta({ description: 'Random failures of the arbitrator: its votes are missing meanwhile.' }),
  };
}
