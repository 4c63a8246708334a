/**
 * A replication stopped before its end because the requests in the system
 * passed `run.maxRequestsInSystem` (an overloaded tier with no queueLimit):
 * going on would exhaust memory, and the figures would describe nothing
 * but a growing backlog. `simulate` reports it and exits 1.
 *
 * Plain data in `details`, so it crosses from a worker thread intact.
 */
import type { BuiltModel } from '../model/build.js';
import { inTier } from '../model/meters/stability-meter.js';

export interface RunStoppedDetails {
  replication: number;
  /** Simulated time when it stopped [s]. */
  atSeconds: number;
  /** The limit passed [requests]. */
  limit: number;
  /** The tier holding the most requests, and how many. */
  tier: string;
  inTier: number;
  /** Its server with the longest queue, and that queue's length. */
  server: string;
  queued: number;
}

export class RunStopped extends Error {
  constructor(readonly details: RunStoppedDetails) {
    super(
      `replication ${details.replication} stopped at ${details.atSeconds.toFixed(3)} s simulated: more than ${details.limit} requests in the system; ` +
        `tier ${details.tier} holds ${details.inTier} (server ${details.server} has ${details.queued} waiting)`,
    );
  }
}

/** What the model looks like when the limit is passed: the fullest tier and its longest queue. */
export function stoppedDetails(model: BuiltModel, replication: number, limit: number): RunStoppedDetails {
  let tier = model.tiers[0]!;
  for (const t of model.tiers) if (inTier(t) > inTier(tier)) tier = t;
  let server = tier.servers[0]!;
  for (const s of tier.servers) if (s.queued > server.queued) server = s;
  return { replication, atSeconds: model.sim.now, limit, tier: tier.name, inTier: inTier(tier), server: server.spec.name, queued: server.queued };
}
