import { describe, expect, it } from 'vitest';
import type { Component } from '../src/engine/component.js';
import type { SimContext } from '../src/engine/context.js';
import { Simulation } from '../src/engine/simulation.js';

/** Schedules `count` events, `gapSeconds` apart, and logs what it receives (time, kind, arg, its own name). */
class Ticker implements Component {
  constructor(
    private readonly ctx: SimContext,
    private readonly log: Array<[number, number, number, string]>,
    private readonly gapSeconds: number,
    private left: number,
  ) {}

  begin(): void {
    this.ctx.schedule(this.gapSeconds, 1, this.left);
  }

  handle(kind: number, arg: number): void {
    this.log.push([this.ctx.now, kind, arg, this.ctx.name]);
    if (--this.left > 0) this.ctx.schedule(this.gapSeconds, kind + 1, this.left);
  }
}

function tickers(): { sim: Simulation; log: Array<[number, number, number, string]> } {
  const sim = new Simulation('t');
  const log: Array<[number, number, number, string]> = [];
  sim.add('a', (ctx) => new Ticker(ctx, log, 1, 5)).begin();
  sim.add('b', (ctx) => new Ticker(ctx, log, 1.5, 4)).begin();
  return { sim, log };
}

describe('Simulation.run', () => {
  it('fires the same events in the same order whether components are added as frequent or not (more than 16 of them)', () => {
    const run = (frequent: (i: number) => boolean): Array<[number, number, number, string]> => {
      const sim = new Simulation('t');
      const log: Array<[number, number, number, string]> = [];
      for (let i = 0; i < 40; i++) sim.add(`c${i}`, (ctx) => new Ticker(ctx, log, 0.5 + (i % 7) * 0.25, 3 + (i % 5)), frequent(i)).begin();
      sim.run({ untilSeconds: 100 });
      return log;
    };
    const plain = run(() => false);
    expect(plain.length).toBe(40 * 5);
    expect(run((i) => i % 3 === 0)).toEqual(plain);
    expect(run(() => true)).toEqual(plain);
  });

  it('starts its clock at exactly 0 (the Clock is created as a double, then set to 0)', () => {
    const sim = new Simulation('t');
    expect(Object.is(sim.now, 0)).toBe(true);
    expect(Object.is(sim.clock.now, 0)).toBe(true);
  });

  it('delivers each event to the component that scheduled it, with `this` bound, in time then insertion order', () => {
    const { sim, log } = tickers();
    const r = sim.run();
    expect(r).toEqual({ stoppedBy: 'empty', events: 9, nowSeconds: 6 });
    expect(log).toEqual([
      [1, 1, 5, 'a'],
      [1.5, 1, 4, 'b'],
      [2, 2, 4, 'a'],
      [3, 2, 3, 'b'], // a tie: b scheduled its event at 1.5, a at 2
      [3, 3, 3, 'a'],
      [4, 4, 2, 'a'],
      [4.5, 3, 2, 'b'],
      [5, 5, 1, 'a'],
      [6, 4, 1, 'b'],
    ]);
  });

  it('stops at the end time, keeps later events pending and sets the clock to the end', () => {
    const { sim, log } = tickers();
    expect(sim.run({ untilSeconds: 3.2 })).toEqual({ stoppedBy: 'time', events: 5, nowSeconds: 3.2 });
    expect(sim.pendingEvents).toBe(2);
    expect(sim.run({ untilSeconds: 100 })).toEqual({ stoppedBy: 'time', events: 4, nowSeconds: 100 });
    expect(log.length).toBe(9);
    expect(sim.eventCount).toBe(9);
  });

  it('stops after maxEvents, and the next call carries on where it stopped', () => {
    const { sim, log } = tickers();
    expect(sim.run({ maxEvents: 4 })).toEqual({ stoppedBy: 'events', events: 4, nowSeconds: 3 });
    expect(sim.run({ maxEvents: 0 })).toEqual({ stoppedBy: 'events', events: 0, nowSeconds: 3 });
    expect(sim.run({ maxEvents: 100 })).toEqual({ stoppedBy: 'empty', events: 5, nowSeconds: 6 });
    expect(log.map((e) => e[0])).toEqual([1, 1.5, 2, 3, 3, 4, 4.5, 5, 6]);
  });

  it('reports progress every progressEveryEvents events, with the clock and the events fired so far', () => {
    const { sim } = tickers();
    const calls: Array<[number, number]> = [];
    sim.run({ maxEvents: 1, progressEveryEvents: 2, onProgress: (now, events) => calls.push([now, events]) });
    sim.run({ progressEveryEvents: 2, onProgress: (now, events) => calls.push([now, events]) });
    // Every 2 events of a call (none in the first, which fires 1); the count passed is the simulation's total.
    expect(calls).toEqual([
      [2, 3],
      [3, 5],
      [4.5, 7],
      [6, 9],
    ]);
  });

  it('counts events, budgets and progress the same across many batches of events', () => {
    const sim = new Simulation('t');
    const log: Array<[number, number, number, string]> = [];
    sim.add('a', (ctx) => new Ticker(ctx, log, 0.5, 300_000)).begin();
    const calls: number[] = [];
    const r = sim.run({ maxEvents: 250_001, progressEveryEvents: 1 << 16, onProgress: (_now, events) => calls.push(events) });
    expect(r).toEqual({ stoppedBy: 'events', events: 250_001, nowSeconds: 125_000.5 });
    expect(calls).toEqual([1, 2, 3].map((k) => k * (1 << 16)));
    expect(sim.run({ untilSeconds: 140_000 })).toEqual({ stoppedBy: 'time', events: 29_999, nowSeconds: 140_000 });
    expect(sim.run()).toEqual({ stoppedBy: 'empty', events: 20_000, nowSeconds: 150_000 });
    expect(log.length).toBe(300_000);
  });

  it("reads a component's handle once, when it is added", () => {
    const sim = new Simulation('t');
    const got: string[] = [];
    const c = sim.add('c', (ctx) => {
      ctx.schedule(1, 0, 0);
      return { handle: () => got.push('at add') };
    });
    c.handle = () => got.push('replaced later');
    sim.run();
    expect(got).toEqual(['at add']);
  });
});
