/**
 * Scenario fields of two more database kinds: MySQL master–master
 * replication (Vodkaster's two EG-34 servers kept in sync by a custom
 * script) and object storage with three replicas (OVH Public Cloud Object
 * Storage, Swift: Giroptic, Vodkaster, the ERP's backups).
 */
import { z } from 'zod';
import { DURATION_PATTERN } from './units.js';
import { readsField } from './schema-reads.js';

export function storageDatabaseSchemas<D extends z.ZodType>(Distribution: D, Duration: z.ZodString, Rate: z.ZodString, sizePattern: string) {
  const Size = z.string().regex(new RegExp(sizePattern), 'expected a size such as "2kB"');
  return [
    z
      .strictObject({
        replication: z.literal('master-master'),
        applyTime: Distribution.meta({ description: "Time each server's single SQL thread takes to apply one write from the other." }),
        writeSize: Size.default('1kB').meta({ description: 'Binlog bytes per write.' }),
        ...readsField,
      })
      .meta({
        description:
          'Two masters (exactly two servers), each serving the reads and writes of its own site and replicating its writes to the other asynchronously. Conflicting concurrent writes are not modelled.',
      }),
    z
      .strictObject({
        replication: z.literal('object-storage'),
        replicas: z.number().int().min(1).default(3).meta({ description: 'Copies of each object, on different servers (at most the number of servers).' }),
        writeQuorum: z.number().int().min(1).optional().meta({ description: 'Replicas that must have stored a PUT before it succeeds (default: a majority, 2 of 3 as in Swift).' }),
        reReplication: z
          .strictObject({
            interval: Duration.default('30s').meta({ description: "Time between the replicator's passes: a dead server is noticed at the next pass." }),
            duration: Duration.meta({ description: 'How long re-creating the lost replicas keeps the surviving servers busy.' }),
            rate: Rate.meta({ description: 'Replication jobs per second on each surviving server meanwhile.' }),
            jobTime: Distribution.meta({ description: 'Service time of one replication job (it takes a slot like a request).' }),
          })
          .optional()
          .meta({ description: 'Background re-replication after a server is lost, competing with client requests for slots.' }),
      })
      .meta({
        description:
          'Object storage: a PUT (write class) is stored on `replicas` servers and succeeds when `writeQuorum` of them have it; a GET is served by one live replica.',
      }),
  ] as const;
}

/** Galera fields beyond quorum and certification time: flow control and certification conflicts. */
export function galeraExtraFields<D extends z.ZodType>(Distribution: D) {
  return {
    applyTime: Distribution.optional().meta({
      description: "Time a node takes to apply one write set (÷ the node's speed); with it, flow control holds commits while the slowest node lags: the cluster goes as fast as its slowest applier.",
    }),
    flowControlLimit: z.number().int().min(1).default(16).meta({ description: 'Write sets a node may have queued before flow control pauses the writers (gcs.fc_limit).' }),
    conflictProbability: z.number().min(0).max(1).default(0).meta({ description: 'Probability that a commit fails certification (a concurrent write to the same rows won).' }),
    nodeWeights: z
      .record(z.string(), z.number().min(0))
      .optional()
      .meta({ description: 'Votes of data nodes by server name (pc.weight; default 1 each): quorum is more than half of all the votes, arbitrators included.' }),
    bootstrapAfter: z
      .string()
      .regex(new RegExp(DURATION_PATTERN), 'expected a duration such as "15min"')
      .optional()
      .meta({ description: 'After every data node was down at once: the time from the first node back to an operator bootstrapping the cluster (galera_new_cluster); no quorum meanwhile. Default: the cluster re-forms by itself.' }),
    retryAutocommit: z.number().int().min(0).default(1).meta({ description: 'Times a node retries a commit that failed certification before the client sees the error (wsrep_retry_autocommit).' }),
  };
}
