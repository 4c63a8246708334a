/**
 * The fair-shared bottleneck (processor sharing over bytes) against exact
 * and closed forms: n equal flows started together all finish at
 * n·size/bandwidth; a small flow beside a large one finishes at 2·small/bw;
 * with Poisson arrivals it is M/G/1-PS, mean transfer time (size/bw)/(1−ρ)
 * for exponential and constant sizes alike (insensitivity).
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/engine/simulation.js';
import type { Component } from '../src/engine/component.js';
import type { SimContext } from '../src/engine/context.js';
import { FairShare, type TransferSink } from '../src/model/network/fair-share.js';
import { confidenceInterval } from '../src/stats/confidence.js';

class Recorder implements TransferSink {
  readonly done: Array<[number, number]> = [];
  constructor(private readonly sim: Simulation) {}
  transferred(_pipe: FairShare, token: number): void {
    this.done.push([token, this.sim.now]);
  }
}

/** Poisson arrivals of transfers onto a pipe; records each one's transfer time. */
class PoissonSender implements Component, TransferSink {
  private started = new Float64Array(1 << 20);
  private next = 0;
  sum = 0;
  count = 0;
  pipe!: FairShare;
  constructor(
    private readonly ctx: SimContext,
    private readonly ratePerSecond: number,
    private readonly bytes: () => number,
    private readonly measureFrom: number,
  ) {
    ctx.schedule(this.gap(), 0);
  }
  private gap(): number {
    return -Math.log(1 - this.ctx.rng.next()) / this.ratePerSecond;
  }
  handle(): void {
    const id = this.next++ % this.started.length;
    this.started[id] = this.ctx.now;
    this.pipe.start(id, this.bytes(), 0);
    this.ctx.schedule(this.gap(), 0);
  }
  transferred(_pipe: FairShare, token: number): void {
    const t0 = this.started[token]!;
    if (t0 < this.measureFrom) return;
    this.sum += this.ctx.now - t0;
    this.count++;
  }
}

describe('fair-shared bandwidth', () => {
  for (const n of [1, 2, 3, 7]) {
    it(`${n} equal flows started together each get 1/${n}: all finish at n·size/bandwidth`, () => {
      const sim = new Simulation(1);
      const rec = new Recorder(sim);
      const pipe = sim.add('nic', (ctx) => new FairShare(ctx, 100e6, rec));
      for (let i = 0; i < n; i++) pipe.start(i, 1_000_000, 0);
      sim.run();
      expect(rec.done.length).toBe(n);
      for (const [, t] of rec.done) expect(t).toBeCloseTo((n * 1_000_000 * 8) / 100e6, 12);
      expect(pipe.bitsStarted).toBe(n * 8e6);
      expect(pipe.busySeconds(sim.now)).toBeCloseTo((n * 8e6) / 100e6, 12);
    });
  }

  it('a small flow beside a large one finishes at 2·small/bw, then the large one speeds up to full rate', () => {
    const sim = new Simulation(1);
    const rec = new Recorder(sim);
    const pipe = sim.add('link', (ctx) => new FairShare(ctx, 8e6, rec)); // 1 MB/s
    pipe.start(0, 10e6, 0); // 10 MB
    pipe.start(1, 1e6, 0); // 1 MB: half the bandwidth until it is through
    sim.run();
    expect(rec.done[0]![0]).toBe(1);
    expect(rec.done[0]![1]).toBeCloseTo(2, 12);
    // Not FIFO: the large one is not delayed by the whole small one's time; total work is conserved.
    expect(rec.done[1]![1]).toBeCloseTo(11, 12);
  });

  for (const law of ['exponential', 'constant'] as const) {
    it(`M/G/1-PS with ${law} sizes: mean transfer time (size/bw)/(1−ρ) within the 99.9% CI`, () => {
      // 100 Mbps, 500 kB mean (40 ms alone), 17.5 transfers/s: ρ = 0.7, mean 133.3 ms (FIFO M/D/1 would be 86.7 ms).
      const bw = 100e6;
      const meanBytes = 500_000;
      const rate = 17.5;
      const means = Array.from({ length: 10 }, (_, rep) => {
        const sim = new Simulation(100 + rep);
        const sender = sim.add('src', (ctx) => {
          const rng = ctx.rng;
          return new PoissonSender(ctx, rate, law === 'constant' ? () => meanBytes : () => -Math.log(1 - rng.next()) * meanBytes, 200);
        });
        sender.pipe = sim.add('pipe', (ctx) => new FairShare(ctx, bw, sender));
        sim.run({ untilSeconds: 6000 });
        return sender.sum / sender.count;
      });
      const ci = confidenceInterval(means, 0.999);
      const expected = (meanBytes * 8) / bw / (1 - 0.7);
      expect(Math.abs(ci.mean - expected)).toBeLessThan(ci.halfWidth);
      expect(ci.halfWidth / ci.mean).toBeLessThan(0.05);
    });
  }
});
