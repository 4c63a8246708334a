import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Simulation } from '../../engine/simulation.js';
import type { Link } from '../network/link.js';
import type { Server } from '../stations/server.js';

/** Resets time-averaged statistics when the warm-up ends. */
class WarmupMarker implements Component {
  constructor(
    private readonly ctx: SimContext,
    private readonly servers: readonly Server[],
    private readonly links: readonly Link[],
  ) {}

  handle(): void {
    for (const s of this.servers) s.resetStats(this.ctx.now);
    for (const l of this.links) {
      l.bitsAB = 0;
      l.bitsBA = 0;
    }
  }
}

/** Registers the warm-up marker, which fires once at `warmupSeconds` (never when there is no warm-up). */
export function addWarmupMarker(sim: Simulation, warmupSeconds: number, servers: readonly Server[], links: readonly Link[]): void {
  sim.add('warmup', (ctx) => {
    const marker = new WarmupMarker(ctx, servers, links);
    if (warmupSeconds > 0) ctx.scheduleAt(warmupSeconds, 0);
    return marker;
  });
}
