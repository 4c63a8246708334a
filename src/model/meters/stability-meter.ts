/**
 * Samples the requests inside each tier (in service, holding a slot or
 * waiting, over its servers) at STABILITY_SAMPLES regular instants of the
 * measured window, so the run can tell a queue that keeps growing (an
 * overloaded tier: the summary's `stability` verdict, see
 * stats/sustained-growth.ts) from one that only fluctuates.
 *
 * One event per sample, never per request: STABILITY_SAMPLES events per
 * replication whatever its length. It only reads the servers.
 */
import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Simulation } from '../../engine/simulation.js';
import type { Tier } from '../stations/tier.js';

/** Samples over the measured window (32 per quarter of the growth test). */
export const STABILITY_SAMPLES = 128;

export class StabilityMeter implements Component {
  /** Per tier, the requests inside it at each sample (tier-major: tier t's samples at [t·STABILITY_SAMPLES, …)). */
  readonly samples: Float64Array;
  private taken = 0;
  /** Simulated time between two samples [s]. */
  readonly intervalSeconds: number;

  constructor(
    private readonly ctx: SimContext,
    private readonly tiers: readonly Tier[],
    private readonly fromSeconds: number,
    private readonly endSeconds: number,
  ) {
    this.intervalSeconds = (endSeconds - fromSeconds) / STABILITY_SAMPLES;
    this.samples = new Float64Array(tiers.length * STABILITY_SAMPLES);
  }

  /** Schedule the first sample: at the end of the first interval after the warm-up (the last one falls on the end of the run). */
  begin(): void {
    if (this.intervalSeconds > 0) this.ctx.scheduleAt(this.at(1), 0);
  }

  handle(): void {
    const k = this.taken++;
    this.tiers.forEach((t, ti) => {
      this.samples[ti * STABILITY_SAMPLES + k] = inTier(t);
    });
    if (this.taken < STABILITY_SAMPLES) this.ctx.scheduleAt(this.at(this.taken + 1), 0);
  }

  /** When sample k (1-based) is taken: the last one exactly at the end, whatever the rounding. */
  private at(k: number): number {
    return k === STABILITY_SAMPLES ? this.endSeconds : this.fromSeconds + k * this.intervalSeconds;
  }

  /** Tier `ti`'s samples taken so far. */
  series(ti: number): Float64Array {
    return this.samples.subarray(ti * STABILITY_SAMPLES, ti * STABILITY_SAMPLES + this.taken);
  }
}

/** Requests inside a tier now: in service or holding a slot, and waiting. */
export function inTier(t: Tier): number {
  let n = 0;
  for (const s of t.servers) n += s.inSystem;
  return n;
}

export function addStabilityMeter(sim: Simulation, tiers: readonly Tier[], warmupSeconds: number, durationSeconds: number): StabilityMeter {
  const meter = sim.add('stability', (ctx) => new StabilityMeter(ctx, tiers, warmupSeconds, durationSeconds));
  meter.begin();
  return meter;
}
