/**
 * Machines that carry several tiers (`machines`, "machine" on server
 * groups): the tiers share the machine's cores by processor sharing and
 * fail with it. Checked against closed forms: M/M/c for co-hosted tiers
 * with ample cores, the multi-class M/M/1-PS mean response s_i/(1−ρ) and
 * utilisation Σ λ_i s_i with one shared core, MTBF/(MTBF+MTTR) for a
 * machine's random failures, which its tiers share interval for interval.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { mmcMeanSojourn } from './support/erlang.js';

interface Opts {
  cores: number;
  count?: number;
  nginxSlots?: number;
  phpSlots?: number;
  rates?: [string, string];
  duration?: string;
  machine?: Record<string, unknown>;
  incidents?: unknown[];
}

/** Two classes, one per tier: assets on nginx (2 ms), pages on PHP-FPM (20 ms), both exponential, on `count` machines. */
function coHosted(o: Opts): Record<string, unknown> {
  const [assetRate, pageRate] = o.rates ?? ['100/s', '20/s'];
  const a = parseFloat(assetRate);
  const p = parseFloat(pageRate);
  return {
    name: 'machines',
    run: { duration: o.duration ?? '4000s', warmup: '200s', seed: 13 },
    sites: { RBX: {} },
    machines: { web: { count: o.count ?? 1, cores: o.cores, ...o.machine } },
    traffic: {
      classes: { asset: { share: a, path: ['nginx'] }, page: { share: p, path: ['php'] } },
      phases: [{ phase: 'constant', rate: `${a + p}/s`, duration: '100h' }],
    },
    tiers: {
      nginx: { servers: [{ name: 'web', machine: 'web', site: 'RBX', slots: o.nginxSlots ?? 10_000 }], serviceTime: { dist: 'exponential', mean: '2ms' } },
      php: { servers: [{ name: 'web', machine: 'web', site: 'RBX', slots: o.phpSlots ?? 10_000 }], serviceTime: { dist: 'exponential', mean: '20ms' } },
    },
    ...(o.incidents ? { incidents: o.incidents } : {}),
  };
}

/** Per replication, per tier: mean latency [ms] and utilisation. */
function measure(data: unknown, reps: number): { latency: number[][]; util: number[][] } {
  const { scenario } = resolveScenarioData(data, 'machines.json');
  const latency: number[][] = [[], []];
  const util: number[][] = [[], []];
  for (let i = 0; i < reps; i++) {
    const r = runReplication(scenario, i);
    r.tiers.forEach((t, ti) => {
      latency[ti]!.push(t.latencyMs.sum / t.latencyMs.count);
      util[ti]!.push(t.servers[0]!.utilisation);
    });
  }
  return { latency, util };
}

function expectWithin(samples: number[], expected: number): void {
  const ci = confidenceInterval(samples, 0.999);
  expect(Math.abs(ci.mean - expected)).toBeLessThan(ci.halfWidth);
  expect(ci.halfWidth / ci.mean).toBeLessThan(0.05); // tight enough to tell the shared core from independent ones
}

describe('a machine carrying two tiers', () => {
  it('with ample cores, each tier is the M/M/c of its own slots, as if alone', () => {
    // nginx: 2 slots, 400/s × 2 ms (0.8 Erlang); PHP: 4 slots, 150/s × 20 ms (3 Erlangs); 6 busy workers at most on 8 cores.
    const { latency } = measure(coHosted({ cores: 8, nginxSlots: 2, phpSlots: 4, rates: ['400/s', '150/s'], duration: '2000s' }), 6);
    expectWithin(latency[0]!, 1000 * mmcMeanSojourn(400, 500, 2));
    expectWithin(latency[1]!, 1000 * mmcMeanSojourn(150, 50, 4));
  });

  it('with one shared core, the machine is a multi-class M/M/1-PS: s_i/(1−ρ), utilisation Σ λ_i s_i', () => {
    // ρ = 100 × 2 ms + 20 × 20 ms = 0.2 + 0.4 = 0.6: assets 2/0.4 = 5 ms (2.5 ms on a core of their own), pages 20/0.4 = 50 ms.
    const { latency, util } = measure(coHosted({ cores: 1 }), 8);
    expectWithin(latency[0]!, 2 / (1 - 0.6));
    expectWithin(latency[1]!, 20 / (1 - 0.6));
    const u = confidenceInterval(util[0]!, 0.999);
    const v = confidenceInterval(util[1]!, 0.999);
    expect(Math.abs(u.mean - 0.2)).toBeLessThan(u.halfWidth + 0.005);
    expect(Math.abs(v.mean - 0.4)).toBeLessThan(v.halfWidth + 0.01);
  });
});

/** Seconds each server of each tier ran in the measured window, [tier][server]. */
function running(data: unknown, index = 0): { run: number[][]; measured: number; incidents: Array<{ target: string; servers: string[]; startSeconds: number }> } {
  const { scenario } = resolveScenarioData(data, 'machines.json');
  const r = runReplication(scenario, index);
  return { run: r.tiers.map((t) => t.servers.map((s) => s.runningSeconds)), measured: r.measuredSeconds, incidents: r.incidents };
}

describe('a machine fails with all its tiers', () => {
  it('an incident on web-2 stops both of its tiers over the same interval, and nothing on web-1', () => {
    const data = coHosted({ cores: 4, count: 2, rates: ['20/s', '5/s'], duration: '3000s', incidents: [{ at: '1000s', for: '500s', machine: 'web-2' }] });
    const { run, measured, incidents } = running(data);
    expect(run[0]).toEqual([measured, measured - 500]);
    expect(run[1]).toEqual([measured, measured - 500]);
    expect(incidents[0]!.target).toBe('machine web-2');
    expect(incidents[0]!.servers).toEqual(['nginx/web-2', 'php/web-2']);
  });

  it('random failures (MTBF 400 s, MTTR 100 s) give both tiers of a machine the same down time, availability MTBF/(MTBF+MTTR)', () => {
    const data = coHosted({ cores: 4, count: 4, rates: ['4/s', '1/s'], duration: '80200s', machine: { failures: { mtbf: '400s', mttr: '100s' } } });
    const shares: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      const { run, measured, incidents } = running(data, rep);
      expect(run[0]).toEqual(run[1]); // identical intervals: the same seconds, to the last digit
      for (const s of run[0]!) shares.push(s / measured);
      expect(incidents.every((i) => i.servers.length === 2 && i.servers[0]!.slice(6) === i.servers[1]!.slice(4))).toBe(true);
    }
    const ci = confidenceInterval(shares, 0.999);
    expect(Math.abs(ci.mean - 400 / 500)).toBeLessThan(ci.halfWidth);
    expect(ci.halfWidth).toBeLessThan(0.02);
  });
});

describe('autoscaling a machine', () => {
  it('adds and removes the whole machine: the companion tier serves exactly when the elastic one does', () => {
    const data = coHosted({ cores: 4, count: 1, rates: ['20/s', '5/s'], duration: '3000s' }) as { tiers: Record<string, Record<string, unknown>> };
    data.tiers.php!.autoscaling = {
      group: 'web',
      max: 3,
      provisioning: { dist: 'constant', value: '60s' },
      scheduled: [
        { at: '1000s', desired: 3 },
        { at: '2000s', desired: 1 },
      ],
    };
    const { scenario } = resolveScenarioData(data, 'machines.json');
    expect(scenario.tiers.map((t) => t.servers.length)).toEqual([3, 3]);
    const r = runReplication(scenario, 0);
    const run = r.tiers.map((t) => t.servers.map((s) => s.runningSeconds));
    expect(run[0]).toEqual(run[1]);
    expect(run[0]![0]).toBe(r.measuredSeconds);
    // web-2 and web-3 serve from 1060 s to their power-off after 2000 s (a drain of at most 30 s).
    for (const k of [1, 2]) {
      expect(run[0]![k]!).toBeGreaterThanOrEqual(940);
      expect(run[0]![k]!).toBeLessThanOrEqual(970);
    }
    expect(r.tiers[0]!.servers[2]!.served).toBeGreaterThan(0);
  });
});

describe('a machine on hosts', () => {
  it('is one VM: it takes its size once, and a host failure takes all its tiers down', () => {
    // Two 4-unit machines on two 4-unit hosts: they fit only if each machine (not each tier) takes 4 units.
    const data = coHosted({ cores: 4, count: 2, rates: ['20/s', '5/s'], duration: '3000s', machine: { host: 'esx', size: 4 }, incidents: [{ at: '1000s', for: '500s', host: 'esx-2' }] });
    Object.assign(data, { hosts: { esx: { count: 2, site: 'RBX', capacity: 4 } } });
    const { scenario } = resolveScenarioData(data, 'machines.json');
    expect(scenario.tiers.map((t) => t.servers.map((s) => s.placement!.host))).toEqual([
      [0, 1],
      [0, 1],
    ]);
    const { run, measured, incidents } = running(data);
    expect(run).toEqual([
      [measured, measured - 500],
      [measured, measured - 500],
    ]);
    expect(incidents[0]!.servers).toEqual(['nginx/web-2', 'php/web-2']);
  });
});

describe('one tier alone on a machine', () => {
  it('is exactly the processor-sharing server with the machine\'s cores: the same latencies, request for request', () => {
    const alone = (onMachine: boolean): unknown => ({
      name: 'alone',
      run: { duration: '600s', warmup: '60s', seed: 4 },
      sites: { RBX: {} },
      ...(onMachine ? { machines: { web: { cores: 2 } } } : {}),
      traffic: { classes: { page: { share: 1, path: ['php'] } }, phases: [{ phase: 'constant', rate: '80/s', duration: '1h' }] },
      tiers: {
        php: {
          ...(onMachine ? {} : { discipline: 'ps' }),
          servers: [{ name: 'web', site: 'RBX', slots: 6, queueLimit: 20, ...(onMachine ? { machine: 'web' } : { cores: 2 }) }],
          serviceTime: { dist: 'lognormal', mean: '20ms', cv: 1.5 },
        },
      },
    });
    const a = runReplication(resolveScenarioData(alone(false), 'a.json').scenario, 0);
    const b = runReplication(resolveScenarioData(alone(true), 'b.json').scenario, 0);
    expect(b.latencyMs).toEqual(a.latencyMs);
    expect(b.tiers[0]!.servers[0]!.rejected).toBe(a.tiers[0]!.servers[0]!.rejected);
    expect(b.tiers[0]!.servers[0]!.utilisation).toBeCloseTo(a.tiers[0]!.servers[0]!.utilisation, 12);
    expect(a.ok).toBeGreaterThan(40_000);
  });
});
