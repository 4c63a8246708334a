/**
 * A server's time-integrals of busy slots and waiting requests (utilisation,
 * mean queue, the autoscaler's run-long areas, the window meter), kept as
 * sums of start and end times (`Server.busyOffset`): checked against
 * integrals computed by hand for a schedule whose every instant is known
 * (constant service, arrivals at chosen times), across a warm-up reset and
 * a death, and against M/M/2's closed forms.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/engine/simulation.js';
import { Constant, Exponential } from '../src/rng/distributions.js';
import { RequestTable } from '../src/model/request/request-table.js';
import { Server, type ServerOwner } from '../src/model/stations/server.js';

interface Rig {
  sim: Simulation;
  server: Server;
  requests: RequestTable;
  served: Array<[number, number]>;
  lost: number[];
}

/** One server (`slots` workers, service `service` s), its completions noted with their times. */
function rig(slots: number, service: Constant | Exponential, mortal = false): Rig {
  const sim = new Simulation('integrals');
  const requests = new RequestTable(64);
  const served: Array<[number, number]> = [];
  const lost: number[] = [];
  const owner: ServerOwner = {
    served: (_i, request) => {
      served.push([sim.now, request]);
      requests.release(request);
    },
    holds: () => false,
    lost: (_i, request) => lost.push(request),
    responseBytes: () => 0,
  };
  const spec = { name: 's', site: 'X', slots, queueLimit: Infinity, speed: 1, siteIndex: 0, weight: 1 };
  const server = sim.add('s', (ctx) => new Server(ctx, 0, 0, spec, [service], requests, owner));
  server.mortal = mortal;
  return { sim, server, requests, served, lost };
}

/** A component that offers a request to the server at each of `times` [s]. */
function arrivals(r: Rig, times: number[]): void {
  const source = r.sim.add('arrivals', (ctx) => ({
    handle: () => {
      const id = r.requests.create(ctx.now, 0);
      expect(r.server.arrive(id)).toBe(true);
    },
    begin: () => times.forEach((t) => ctx.scheduleAt(t, 0)),
  }));
  source.begin();
}

describe('server integrals from start and end times', () => {
  it('equal the hand-computed areas of a known schedule, at any reading time', () => {
    // One slot, service 2 s; arrivals at 0, 1, 1.5 and 10.
    // Busy: [0, 6) (three services back to back), [10, 12): area 6 + 2 = 8.
    // Waiting: the second waits [1, 2), the third [1.5, 4): area 1 + 2.5 = 3.5.
    const r = rig(1, new Constant(2));
    arrivals(r, [0, 1, 1.5, 10]);
    r.sim.run({ untilSeconds: 3 });
    // At t = 3: busy area 3; waiting: the second [1, 2), the third [1.5, 3): 1 + 1.5.
    expect(r.server.busyIntegral(3)).toBeCloseTo(3, 12);
    expect(r.server.queueIntegral(3)).toBeCloseTo(2.5, 12);
    r.sim.run({ untilSeconds: 20 });
    expect(r.served.map(([t]) => t)).toEqual([2, 4, 6, 12]);
    expect(r.server.busyIntegral(20)).toBeCloseTo(8, 12);
    expect(r.server.queueIntegral(20)).toBeCloseTo(3.5, 12);
    expect(r.server.utilisation(20)).toBeCloseTo(8 / 20, 12);
    expect(r.server.meanQueued(20)).toBeCloseTo(3.5 / 20, 12);
  });

  it('restart at the warm-up reset while the run-long areas keep counting', () => {
    // Two slots, service 4 s; arrivals at 0, 0, 0 (one waits [0, 4)), reset at 2.
    const r = rig(2, new Constant(4));
    arrivals(r, [0, 0, 0]);
    r.sim.run({ untilSeconds: 2 });
    r.server.resetStats(2);
    r.sim.run({ untilSeconds: 10 });
    // Since the reset: two slots busy over [2, 4), one over [4, 8): 4 + 4 = 8; waiting [2, 4): 2.
    expect(r.server.busyIntegral(10)).toBeCloseTo(8, 12);
    expect(r.server.queueIntegral(10)).toBeCloseTo(2, 12);
    expect(r.server.utilisation(10)).toBeCloseTo(8 / (8 * 2), 12);
    // Over the whole run: 2·4 + 4 = 12 busy, 4 waiting.
    expect(r.server.runBusyArea(10)).toBeCloseTo(12, 12);
    expect(r.server.runQueueArea(10)).toBeCloseTo(4, 12);
  });

  it('stop counting what a death empties', () => {
    // One slot, service 5 s, arrivals at 0 and 1; the server dies at 3: busy [0, 3), waiting [1, 3).
    const r = rig(1, new Constant(5), true);
    arrivals(r, [0, 1]);
    r.sim.run({ untilSeconds: 3 });
    r.server.die();
    expect(r.lost.sort()).toEqual([0, 1]);
    expect(r.server.busyIntegral(9)).toBeCloseTo(3, 12);
    expect(r.server.queueIntegral(9)).toBeCloseTo(2, 12);
  });

  it("give M/M/2's mean queue and utilisation (closed forms: L_q = 2ρ³/(1 − ρ²), ρ = λ/2μ)", () => {
    const lambda = 1.5;
    const mu = 1;
    const r = rig(2, new Exponential(1 / mu));
    const rng = r.sim.stream('arrivals');
    const horizon = 50_000;
    const source = r.sim.add('poisson', (ctx) => ({
      handle: () => {
        r.server.arrive(r.requests.create(ctx.now, 0));
        ctx.schedule(-Math.log(1 - rng.next()) / lambda, 0);
      },
      begin: () => ctx.schedule(0, 0),
    }));
    source.begin();
    r.sim.run({ untilSeconds: horizon });
    const rho = lambda / (2 * mu);
    const lq = (2 * rho ** 3) / (1 - rho * rho); // 1.929
    expect(r.server.meanQueued(horizon)).toBeGreaterThan(lq * 0.85);
    expect(r.server.meanQueued(horizon)).toBeLessThan(lq * 1.15);
    expect(r.server.utilisation(horizon)).toBeGreaterThan(rho * 0.97);
    expect(r.server.utilisation(horizon)).toBeLessThan(rho * 1.03);
  });
});
