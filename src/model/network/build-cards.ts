/** Assembly of the servers' network cards: one fair-shared pipe (outbound) per server that has a `nic`. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { FairShare, type TransferSink } from './fair-share.js';

/** A server as its card sees it (stations/server.ts, without importing it). */
export interface CardHolder extends TransferSink {
  nic: { start(token: number, bytes: number, aux: number): void } | undefined;
  holdDuringTransfer: boolean;
}

/**
 * Give each server with a `nic` its card, in global server order (the
 * order of `servers`); returns them, undefined for a server without one.
 * "#" in the names: no component name can contain it (no clash with a
 * server's random stream).
 */
export function addCards(sim: Simulation, scenario: ResolvedScenario, servers: readonly CardHolder[]): Array<FairShare | undefined> {
  const specs = scenario.tiers.flatMap((t) => t.servers.map((s) => ({ s, holds: t.holdsWorkerDuringTransfer === true })));
  return specs.map(({ s, holds }, id) => {
    const bps = s.nicBps;
    if (bps === undefined) return undefined;
    const server = servers[id]!;
    const card = sim.add(`${s.name}#nic`, (ctx) => new FairShare(ctx, bps, server));
    server.nic = card;
    server.holdDuringTransfer = holds;
    return card;
  });
}
