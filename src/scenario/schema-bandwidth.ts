/**
 * Scenario format for bandwidth as a resource (issue #13, item 1): network
 * cards of servers, access links of sites, fair or FIFO sharing and
 * redundant loops of links, and request/response sizes per hop. Part of the
 * one zod definition in `schema.ts` (validator, TS types and JSON Schema):
 * these are field sets it spreads into its objects.
 */
import { z } from 'zod';
import { Bandwidth, Name } from './schema-primitives.js';
import { SIZE_PATTERN } from './units.js';

const HopSize = (example: string) => z.string().regex(new RegExp(SIZE_PATTERN), `expected a size such as "${example}"`);

const Sharing = z.enum(['fair', 'fifo']).meta({
  description:
    'fair: the transfers in progress share the bandwidth equally (processor sharing over bytes, how TCP flows share a bottleneck); fifo: one message at a time, in order.',
});

/** A server group's (or a tier's default) network card. */
export const NIC_FIELDS = {
  nic: Bandwidth.optional().meta({
    description: 'The network card (or the VPS cap, "100Mbps"): every response a server sends goes out through it, shared fairly by the responses in flight.',
  }),
};

/** A tier's network options. */
export const TIER_BANDWIDTH_FIELDS = {
  ...NIC_FIELDS,
  holdsWorkerDuringTransfer: z.boolean().optional().meta({
    description: 'With a "nic": the worker slot stays taken until the response is through the card (an nginx/PHP worker writing to a slow client), so a slow card limits throughput; default: the slot is freed when the service ends.',
  }),
};

/** A site's link to the Internet. */
export const SiteAccessSchema = z
  .strictObject({
    bandwidth: Bandwidth,
  })
  .meta({ description: "The site's access link to the Internet: clients' requests come in and the responses to them go out through it (each direction has this bandwidth, shared fairly by the transfers in flight)." });

/** A link's sharing and its redundant loops. */
export const LINK_BANDWIDTH_FIELDS = {
  sharing: Sharing.default('fifo').meta({
    description: 'How crossings share the bandwidth: "fifo" (default, as before) or "fair" (processor sharing over the bytes in flight).',
  }),
  count: z.number().int().min(1).max(8).default(1).meta({
    description: 'Redundant loops between the two sites (Bourget\'s 2 × 10 Gbps), each with this latency and bandwidth: crossings alternate over the loops that are not cut; an incident cuts one loop ("loop").',
  }),
};

/** A class's sizes on one hop (a tier of its path). */
export const HopSizesSchema = z
  .record(
    Name,
    z.strictObject({
      requestSize: HopSize('2kB').optional().meta({ description: 'Bytes sent to this tier (default: the class\'s requestSize).' }),
      responseSize: HopSize('60kB').optional().meta({ description: 'Bytes this tier sends back (through its servers\' cards; default: the class\'s responseSize).' }),
    }),
  )
  .meta({ description: 'Sizes per hop, by tier name: a page\'s HTML is 60 kB from web, its database result 5 kB from db.' });

/** An incident's loop of a redundant link. */
export const INCIDENT_LOOP_FIELDS = {
  loop: z.number().int().min(1).optional().meta({ description: 'With "link" and a link of several loops ("count"): which loop is cut (1, 2, …).' }),
};
