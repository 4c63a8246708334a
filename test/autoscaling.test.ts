import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication, type ReplicationResult } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import type { ScalingEvent } from '../src/model/elasticity/autoscaler.js';
import { mmck } from './support/erlang.js';

/**
 * One elastic tier "web" of `vm` servers (10 slots, 50 waiting, exponential
 * 100 ms: μ = 10/s per slot) behind a random balancer (so each server sees a
 * Poisson stream: an M/M/10/60 station), with the autoscaling section given.
 */
function elastic(opts: {
  autoscaling: Record<string, unknown>;
  phases: unknown[];
  duration: string;
  count?: number;
  service?: Record<string, unknown>;
  slots?: number;
  seed?: number;
  healthCheck?: boolean;
}): unknown {
  return {
    name: 'elastic',
    run: { duration: opts.duration, warmup: '0s', seed: opts.seed ?? 11 },
    sites: { X: {} },
    traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: opts.phases },
    tiers: {
      web: {
        balancer: 'random',
        ...(opts.healthCheck ? { healthCheck: { interval: '2s', timeout: '1s', fall: 3, rise: 2 } } : {}),
        servers: [{ name: 'vm', count: opts.count ?? 2, site: 'X', slots: opts.slots ?? 10, queueLimit: 50, price: { perHour: 0.1 } }],
        serviceTime: opts.service ?? { dist: 'exponential', mean: '100ms' },
        autoscaling: opts.autoscaling,
      },
    },
  };
}

function run(data: unknown): ReplicationResult {
  return runReplication(resolveScenarioData(data, 'x.json').scenario, 0);
}

function timelineOf(r: ReplicationResult): ScalingEvent[] {
  return r.autoscaling[0]!.timeline;
}

const T = 1200; // the step from 100/s to 300/s [s]
const STEP = [
  { phase: 'constant', rate: '100/s', duration: '20min' },
  { phase: 'step', to: '300/s' },
];

function stepRun(delay: string, healthCheck = false): ReplicationResult {
  return run(
    elastic({
      duration: '50min',
      phases: STEP,
      healthCheck,
      autoscaling: {
        group: 'vm',
        min: 2,
        max: 6,
        period: '1min',
        // One decision adds enough (6 servers: ρ = 0.5); the long cooldown keeps it to one.
        policies: [{ metric: 'utilisation', scaleOutAbove: 0.7, step: 4 }],
        cooldown: { scaleOut: '40min', scaleIn: '40min' },
        provisioning: { dist: 'constant', value: delay },
      },
    }),
  );
}

describe('autoscaling: a step from 1× to 3× load', () => {
  // Per server after the step: 150/s into M/M/10/60 (ρ = 1.5): a fraction B is rejected.
  const B = mmck(150, 10, 10, 60).blocking;

  for (const [delay, seconds] of [
    ['20min', 1200],
    ['4min', 240],
  ] as const) {
    it(`with a ${delay} provisioning delay, requests fail from the step until the new instances serve, ${delay} after the decision`, () => {
      const r = stepRun(delay);
      const tl = timelineOf(r);
      const decision = tl.find((e) => e.action === 'scale-out')!;
      // The first evaluation after the step sees the overload: within one period.
      expect(decision.atSeconds).toBeGreaterThan(T);
      expect(decision.atSeconds).toBeLessThanOrEqual(T + 60);
      expect(decision).toMatchObject({ from: 2, to: 6, metric: 'utilisation' });
      const up = tl.filter((e) => e.action === 'in-service');
      expect(up).toHaveLength(4);
      for (const e of up) expect(e.atSeconds).toBeCloseTo(decision.atSeconds + seconds, 6);
      // Closed form: 300/s × B rejected from T until the capacity arrives (nothing before: ρ = 0.5, B ≈ 0; nothing after: ρ = 0.5).
      const expected = 300 * B * (up[0]!.atSeconds - T);
      expect(r.failedBy.rejected).toBeGreaterThan(expected * 0.93);
      expect(r.failedBy.rejected).toBeLessThan(expected * 1.07);
      expect(r.failed).toBe(r.failedBy.rejected);
    });
  }

  it('the 20-minute delay fails about (1 + 20) / (1 + 4) times as many requests as the 4-minute one, and bills the same started hours', () => {
    const slow = stepRun('20min');
    const fast = stepRun('4min');
    const ratio = slow.failed / fast.failed;
    expect(ratio).toBeGreaterThan((21 / 5) * 0.85);
    expect(ratio).toBeLessThan((21 / 5) * 1.15);
    // 4 instances requested at ≈ 21 min, kept to 50 min: one started hour each; the 2 initial: one each.
    expect(slow.autoscaling[0]!.billedHours).toBe(6);
    expect(fast.autoscaling[0]!.billedHours).toBe(6);
    // Serving instance-time differs: the fast group serves 16 min longer with 4 more instances.
    expect(fast.autoscaling[0]!.meanServing - slow.autoscaling[0]!.meanServing).toBeCloseTo((4 * 16 * 60) / 3000, 1);
  });

  it('health checks do not hold back a provisioned instance nor put an off one up', () => {
    const r = stepRun('4min', true);
    const expected = 300 * mmck(150, 10, 10, 60).blocking * (timelineOf(r).find((e) => e.action === 'in-service')!.atSeconds - T);
    // Same closed form as without checks: the new instances take traffic at once, the off ones never got any (no "refused").
    expect(r.failedBy.refused).toBe(0);
    expect(r.failedBy.noBackend).toBe(0);
    expect(r.failed).toBeGreaterThan(expected * 0.9);
    expect(r.failed).toBeLessThan(expected * 1.1);
    const served = r.tiers[0]!.servers.map((s) => s.served);
    expect(served.slice(6).every((n) => n === 0)).toBe(true);
    expect(served.slice(2, 6).every((n) => n > 0)).toBe(true);
  });
});

describe('autoscaling: scale-in with connection draining', () => {
  // 4 servers of 100 slots, requests of 5 s: 60/s keeps 300 of 400 slots busy;
  // after the fall to 16/s, 80 (utilisation 0.2 < 0.3) and 2 of them are removed.
  const drainRun = (drain: string): ReplicationResult =>
    run(
      elastic({
        duration: '30min',
        count: 4,
        slots: 100,
        phases: [
          { phase: 'constant', rate: '60/s', duration: '10min' },
          { phase: 'step', to: '16/s' },
        ],
        // Long requests: plenty are in flight when an instance leaves.
        service: { dist: 'constant', value: '5s' },
        autoscaling: {
          group: 'vm',
          min: 2,
          max: 4,
          period: '1min',
          policies: [{ metric: 'utilisation', scaleOutAbove: 0.99, scaleInBelow: 0.3, step: 2 }],
          cooldown: { scaleOut: '1min', scaleIn: '1min' },
          provisioning: { dist: 'constant', value: '1min' },
          drain,
        },
      }),
    );

  it('loses no request when the drain is long enough: the instance is powered off once empty', () => {
    const r = drainRun('1min');
    const tl = timelineOf(r);
    const scaleIn = tl.find((e) => e.action === 'scale-in')!;
    expect(scaleIn).toMatchObject({ from: 4, to: 2, draining: 2 });
    const off = tl.filter((e) => e.action === 'powered-off');
    expect(off).toHaveLength(2);
    // Requests last 5 s: each instance is empty 5 s after it left the pool (seen at the next 1 s poll).
    for (const e of off) {
      expect(e.atSeconds).toBeGreaterThan(scaleIn.atSeconds);
      expect(e.atSeconds).toBeLessThanOrEqual(scaleIn.atSeconds + 5 + 1);
    }
    expect(r.failed).toBe(0);
    expect(r.autoscaling[0]!.lostAtPowerOff).toBe(0);
  });

  it('with a zero drain, the requests in flight fail ("died") at the power-off', () => {
    const r = drainRun('0s');
    const lost = r.autoscaling[0]!.lostAtPowerOff;
    // Each server is an M/D/∞ station at 4/s × 5 s: Poisson(20) requests inside; two are removed: Poisson(40), ±4 sd.
    expect(lost).toBeGreaterThan(40 - 4 * Math.sqrt(40));
    expect(lost).toBeLessThan(40 + 4 * Math.sqrt(40));
    expect(r.failedBy.died).toBe(lost);
    expect(r.failed).toBe(lost);
  });
});

describe('autoscaling: bounds, cooldowns and schedules', () => {
  it('never exceeds max nor goes below min, and spaces scale-outs by the cooldown', () => {
    const r = run(
      elastic({
        duration: '60min',
        phases: [
          { phase: 'constant', rate: '1000/s', duration: '30min' },
          { phase: 'step', to: '1/s' },
        ],
        autoscaling: {
          group: 'vm',
          min: 2,
          max: 5,
          period: '1min',
          policies: [{ metric: 'queue', scaleOutAbove: 5, scaleInBelow: 1, step: 1 }],
          cooldown: { scaleOut: '5min', scaleIn: '3min' },
          provisioning: { dist: 'constant', value: '2min' },
          drain: '10s',
        },
        count: 3,
      }),
    );
    const tl = timelineOf(r);
    const outs = tl.filter((e) => e.action === 'scale-out');
    const ins = tl.filter((e) => e.action === 'scale-in');
    expect(outs.length).toBe(2); // 3 → 4 → 5, then the maximum
    for (let i = 1; i < outs.length; i++) expect(outs[i]!.atSeconds - outs[i - 1]!.atSeconds).toBeGreaterThanOrEqual(300);
    expect(ins.length).toBe(3); // 5 → 4 → 3 → 2, then the minimum
    for (let i = 1; i < ins.length; i++) expect(ins[i]!.atSeconds - ins[i - 1]!.atSeconds).toBeGreaterThanOrEqual(180);
    for (const e of tl) {
      expect(e.serving + e.provisioning).toBeLessThanOrEqual(5);
      expect(e.serving + e.provisioning).toBeGreaterThanOrEqual(2);
    }
    expect(r.autoscaling[0]!.maxServing).toBe(5);
    expect(r.autoscaling[0]!.minServing).toBe(2);
  });

  it('a scheduled action raises the minimum at the given time (all VMs kept on for the match)', () => {
    const r = run(
      elastic({
        duration: '30min',
        phases: [{ phase: 'constant', rate: '10/s', duration: '30min' }],
        count: 1,
        autoscaling: {
          group: 'vm',
          min: 1,
          max: 8,
          period: '1min',
          policies: [{ metric: 'utilisation', scaleOutAbove: 0.8, scaleInBelow: 0.2 }],
          provisioning: { dist: 'constant', value: '5min' },
          scheduled: [{ at: '10min', min: 6, description: 'before the match' }],
        },
      }),
    );
    const tl = timelineOf(r);
    expect(tl[0]).toMatchObject({ atSeconds: 600, action: 'scale-out', from: 1, to: 6, reason: 'before the match' });
    const up = tl.filter((e) => e.action === 'in-service');
    expect(up.map((e) => e.atSeconds)).toEqual([900, 900, 900, 900, 900]);
    // Underloaded, but the minimum holds them.
    expect(tl.some((e) => e.action === 'scale-in')).toBe(false);
  });

  it('the same seed gives the same timeline; another seed draws other provisioning delays', () => {
    const data = (seed: number): unknown =>
      elastic({
        duration: '40min',
        seed,
        phases: STEP,
        autoscaling: {
          group: 'vm',
          min: 2,
          max: 6,
          // Served per serving server: 50/s before the step, ≈ 100/s after (the 2 servers' capacity).
          policies: [{ metric: 'rate', scaleOutAbove: 90, scaleInBelow: 20 }],
          cooldown: { scaleOut: '1min' },
          provisioning: { dist: 'exponential', mean: '3min' },
        },
      });
    const a = run(data(5));
    const b = run(data(5));
    const c = run(data(6));
    expect(a.autoscaling).toEqual(b.autoscaling);
    expect(a.failed).toBe(b.failed);
    expect(timelineOf(a).some((e) => e.action === 'in-service')).toBe(true);
    expect(timelineOf(c)).not.toEqual(timelineOf(a));
  });

  it('the summary carries the first replication timeline and aggregates under autoscaling.<tier>', () => {
    const scenario = resolveScenarioData(
      elastic({
        duration: '30min',
        phases: STEP,
        autoscaling: { group: 'vm', min: 2, max: 6, policies: [{ metric: 'latencyP95', scaleOutAbove: 500 }], provisioning: { dist: 'constant', value: '4min' } },
      }),
      'x.json',
    ).scenario;
    const reps = [runReplication(scenario, 0), runReplication(scenario, 1)];
    const s = summarize(scenario, reps, 1, 1);
    const a = s.autoscaling!.web!;
    expect(a.group).toBe('vm');
    expect(a.timeline).toEqual(reps[0]!.autoscaling[0]!.timeline);
    // The p95 over the minute after the step is far above 500 ms (a full queue of 50 behind 10 slots: ≈ 0.5 s of wait).
    expect(a.timeline[0]).toMatchObject({ action: 'scale-out', metric: 'latencyP95' });
    expect(a.instanceHours).toBeCloseTo((reps[0]!.autoscaling[0]!.instanceHours + reps[1]!.autoscaling[0]!.instanceHours) / 2, 3);
    expect(a.instanceHoursHalfWidth95).not.toBeNull();
  });
});

describe('autoscaling: the sofoot World Cup spike with 20 and 4 minutes of provisioning', () => {
  it('the 20-minute variant gets its instances after the peak and fails far more requests for at least as many started hours', async () => {
    const { loadScenario } = await import('../src/scenario/load.js');
    const slow = runReplication(loadScenario('scenarios/sofoot-worldcup.autoscale-20min.json').scenario, 0);
    const fast = runReplication(loadScenario('scenarios/sofoot-worldcup.autoscale-4min.json').scenario, 0);
    const firstDecision = (r: ReplicationResult): number => timelineOf(r).find((e) => e.action === 'scale-out')!.atSeconds;
    const firstUp = (r: ReplicationResult): number => timelineOf(r).find((e) => e.action === 'in-service')!.atSeconds;
    // The spike starts at 10 min: both decide within a period or two of it.
    expect(firstDecision(slow)).toBe(firstDecision(fast));
    expect(firstDecision(slow)).toBeLessThanOrEqual(600 + 30 + 120);
    expect(firstUp(slow) - firstDecision(slow)).toBe(1200);
    expect(firstUp(fast) - firstDecision(fast)).toBe(240);
    // The peak (three EG servers alone cannot carry it) lasts until ≈ 22 min: the slow group misses it.
    expect(firstUp(slow)).toBeGreaterThan(22 * 60);
    expect(slow.failed).toBeGreaterThan(2 * fast.failed);
    // The slow group orders a third step while its first instances boot (the metric sees only serving ones): it pays at least as much.
    expect(slow.autoscaling[0]!.billedHours).toBeGreaterThanOrEqual(fast.autoscaling[0]!.billedHours);
  });
});

describe('autoscaler across the warm-up', () => {
  it('does not read utilisation 0 when the warm-up statistics reset, so it does not scale in at the boundary', () => {
    const data = {
      name: 'warm',
      run: { duration: '20min', warmup: '10min', seed: 5 },
      sites: { X: {} },
      traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '40/s', duration: '20min' }] },
      tiers: {
        web: {
          servers: [{ name: 'vm', count: 6, site: 'X', slots: 1, queueLimit: 50, price: { perHour: 0.1 } }],
          serviceTime: { dist: 'exponential', mean: '50ms' },
          autoscaling: { group: 'vm', min: 1, max: 6, period: '1min', policies: [{ metric: 'utilisation', scaleOutAbove: 0.9, scaleInBelow: 0.2 }], provisioning: { dist: 'constant', value: '1min' } },
        },
      },
    };
    const rep = run(data);
    // ρ = 40 × 0.05 / 6 = 1/3 per slot, well above 0.2: no scale-in at all.
    expect(rep.autoscaling[0]!.timeline.filter((e) => e.action === 'scale-in')).toEqual([]);
    expect(rep.autoscaling[0]!.minServing).toBe(6);
  });
});
