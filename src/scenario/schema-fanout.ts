/**
 * The scenario format of calls that fan out, consequence requests and
 * routing by key (issue #12, items 5 and 6): a class's `calls`, `emits` and
 * `key`, and a tier's `balancer: { "kind": "by-key" }`.
 */
import { z } from 'zod';
import { Name } from './schema-primitives.js';

/** How many calls a hop makes: a distribution of whole numbers. */
export const CallCountSchema = z
  .union([
    z.number().int().min(0).max(10_000),
    z
      .discriminatedUnion('dist', [
        z.strictObject({ dist: z.literal('constant'), value: z.number().int().min(0).max(10_000) }),
        z.strictObject({ dist: z.literal('poisson'), mean: z.number().positive().max(10_000) }).meta({ description: 'Poisson: 0, 1, 2, … calls with this mean.' }),
        z.strictObject({ dist: z.literal('geometric'), mean: z.number().min(1).max(10_000) }).meta({
          description: 'Geometric on 1, 2, 3, … (at least one call) with this mean: P(k) = p(1−p)^(k−1), p = 1/mean.',
        }),
        z
          .strictObject({
            dist: z.literal('discrete'),
            values: z.array(z.number().int().min(0).max(10_000)).min(1),
            weights: z.array(z.number().min(0)).min(1).optional().meta({ description: 'Relative weight of each value (default: all equal).' }),
          })
          .meta({ description: 'One of the listed counts, by weight.' }),
      ])
      .meta({ description: 'A distribution of call counts, chosen by "dist".' }),
  ])
  .meta({ description: 'A number of calls, or a distribution of them.' });

export const CallsSchema = z
  .strictObject({
    tier: Name.meta({ description: 'The tier of the path that is called several times: each call runs the path from that tier to its end.' }),
    count: CallCountSchema,
    mode: z.enum(['sequence', 'parallel']).default('sequence').meta({
      description: 'sequence: each call waits for the previous one; parallel: all are sent at once and the caller waits for the slowest. A failed call fails the request (parallel: the other calls still run, their answers unused).',
    }),
  })
  .meta({ description: 'The previous tier calls `tier` `count` times per request (an ERP page and its 30 queries, a page fetching 16 assets).' });

export const EmitsSchema = z
  .strictObject({
    class: Name.meta({ description: 'Class of the new request (it starts at the first tier of its own path).' }),
    probability: z.number().min(0).max(1).default(1).meta({ description: 'Chance that a success emits it.' }),
    after: Name.optional().meta({
      description: 'Emit when the request leaves this tier of its path successfully (each time, each call of a fan-out too); default: when the request succeeds end to end.',
    }),
  })
  .meta({ description: 'A consequence request (an SMS alert after a metric is processed); its `classes.<class>.sinceOriginMs` measures from the original arrival.' });

export const KeySchema = z
  .discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('uniform'), keys: z.number().int().min(1).max(10_000_000) }).meta({ description: 'Keys 0 … keys−1, equally likely.' }),
    z
      .strictObject({ dist: z.literal('zipf'), keys: z.number().int().min(1).max(1_000_000), exponent: z.number().min(0).max(10) })
      .meta({ description: 'Key k (0-based) with probability ∝ 1/(k+1)^exponent: a few hot keys.' }),
    z.strictObject({ dist: z.literal('weighted'), weights: z.array(z.number().min(0)).min(1).max(1_000_000) }).meta({ description: 'Key k with probability ∝ weights[k].' }),
  ])
  .meta({ description: 'The routing key each request carries (a farm, a user, a session), drawn per request.' });

export const ByKeyBalancerSchema = z
  .strictObject({
    kind: z.literal('by-key'),
    map: z.enum(['modulo', 'consistent-hash', 'sticky']).default('modulo').meta({
      description: 'modulo: server key mod N (shards); consistent-hash: the owner of the key on a hash ring; sticky: the server first chosen for the key (round-robin), kept afterwards.',
    }),
    ownerDown: z.enum(['fail', 'next']).default('fail').meta({
      description: 'When the key\'s server is believed down: fail (noBackend), or next: the next live server (modulo: the next index; consistent-hash: the next owner on the ring; sticky: a new round-robin choice, kept).',
    }),
  })
  .meta({ description: 'Route by the request\'s key (its class\'s `key`): sharding or sticky sessions.' });
