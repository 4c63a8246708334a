/** Schema of a tier's `haproxy` block: per-server maxconn with a shared backend queue, retries and redispatch, timeouts. */
import { z } from 'zod';
import { Duration } from './schema-primitives.js';

export const HaproxySchema = z
  .strictObject({
    maxconn: z.number().int().min(1).optional().meta({
      description:
        'Connections each server takes at once (HAProxy server `maxconn`); the rest wait in one FIFO queue shared by the tier, and the oldest takes the next connection that frees. Default: no cap, no backend queue.',
    }),
    queueLimit: z
      .union([z.number().int().min(0), z.literal('unbounded')])
      .default('unbounded')
      .meta({ description: 'With maxconn: requests the backend queue holds; one more fails with "queueTimeout" at once (HAProxy has no such limit: default unbounded).' }),
    timeoutQueue: Duration.optional().meta({
      description: 'With maxconn: a request waiting longer than this in the backend queue fails with "queueTimeout" (HAProxy `timeout queue`, a 503). Default: timeoutConnect, as in HAProxy.',
    }),
    timeoutConnect: Duration.default('5s').meta({
      description: 'A connect to a server that vanished (no RST: incident or failure mode "vanish") hangs this long, then fails or is retried (HAProxy `timeout connect`).',
    }),
    retries: z.number().int().min(0).max(100).default(3).meta({
      description: 'Connection retries after a refused or timed-out connect (HAProxy `retries`, default 3 as there). A request already accepted by a server is never retried.',
    }),
    redispatch: z.union([z.boolean(), z.literal('every')]).default(false).meta({
      description:
        'true: the last retry goes to another server, picked by the balancer among the others (HAProxy `option redispatch`); "every": every retry does (`option redispatch 1`); false: every retry goes to the same server.',
    }),
    retryDelay: Duration.default('1s').meta({
      description:
        'Wait before a retry on the same server after a refused connect (HAProxy\'s turn-around timer: min(timeoutConnect, 1s)). A retry after a connect timeout, or to another server, goes at once.',
    }),
  })
  .meta({ description: 'HAProxy-like balancing in front of this tier: maxconn per server and a shared backend queue, retries with redispatch, timeout connect.' });
