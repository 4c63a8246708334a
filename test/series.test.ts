/**
 * The summary's per-window series against whole-run totals (exact), closed
 * forms per window (M/M/c utilisation, a scheduled outage, a step in the
 * rate), the window rule and its cap, and determinism across workers.
 */
import { describe, expect, it } from 'vitest';
import { FAILURE_REASON_NAMES } from '../src/model/request/failure-reason.js';
import { runReplication } from '../src/run/replication.js';
import { summarize, type Summary } from '../src/run/summary.js';
import { hasWindowSeries, WINDOW_METRIC_PATTERNS } from '../src/run/summary/series-types.js';
import { loadScenario } from '../src/scenario/load.js';
import { defaultWindowSeconds, MAX_WINDOWS, windowCount } from '../src/scenario/windows.js';
import { simulate } from './support/cli.js';
import { mmcMeanQueued } from './support/erlang.js';
import { problemsOf, runData } from './support/run-data.js';

type Data = Record<string, any>;

/** One tier "web" of `servers` servers (`slots` each, FIFO, exponential service) fed by the phases given. */
function station(o: {
  duration: string;
  warmup?: string;
  window?: string;
  phases: unknown[];
  servers?: number;
  slots?: number;
  queueLimit?: number;
  mean?: string;
  seed?: number;
}): Data {
  return {
    name: 'station',
    run: { duration: o.duration, warmup: o.warmup ?? '0s', seed: o.seed ?? 5, ...(o.window ? { window: o.window } : {}) },
    sites: { RBX: {} },
    traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: o.phases },
    tiers: {
      web: {
        balancer: 'round-robin',
        servers: [{ name: 'w', count: o.servers ?? 1, site: 'RBX', slots: o.slots ?? 1, ...(o.queueLimit !== undefined ? { queueLimit: o.queueLimit } : {}) }],
        serviceTime: { dist: 'exponential', mean: o.mean ?? '10ms' },
      },
    },
  };
}

const constant = (rate: string, duration: string): unknown => ({ phase: 'constant', rate, duration });
const sum = (xs: ReadonlyArray<number | null>): number => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const mean = (xs: ReadonlyArray<number | null>): number => sum(xs) / xs.length;

/** The summary's series, checked against the contract: every path is a window metric, one value per window. */
function series(s: Summary): NonNullable<Summary['series']> {
  expect(s.series).toBeDefined();
  const x = s.series!;
  for (const [path, values] of Object.entries(x.values)) {
    expect(hasWindowSeries(path), path).toBe(true);
    expect(values, path).toHaveLength(x.startSeconds.length);
  }
  expect(x.secondOfDay).toHaveLength(x.startSeconds.length);
  return x;
}

describe('series: totals over the windows are the whole-run totals', () => {
  // Two classes, a small waiting room (rejections), a client timeout and a server crash seen by a health check
  // (refused, died): several failure reasons, two replications, a warm-up, and a window that does not divide the run.
  const data = station({ duration: '620s', warmup: '20s', window: '70s', phases: [constant('300/s', '1h')], servers: 2, slots: 2, queueLimit: 5 });
  data.traffic.classes = { page: { share: 1, path: ['web'], timeout: '60ms' }, asset: { share: 3, path: ['web'] } };
  data.tiers.web.healthCheck = { interval: '2s', timeout: '1s', fall: 2, rise: 2 };
  data.incidents = [{ at: '200s', server: 'web/w-2', for: '1min' }];
  const s = runData(data, 2);
  const x = series(s);

  it('counts: Σ windows = requests.*, failedBy.*, classes.* exactly', () => {
    expect(s.requests.failed).toBeGreaterThan(0);
    expect(x.startSeconds).toHaveLength(9); // 600 s measured in 70-s windows: 8 full and one of 40 s
    expect(x.endSeconds).toBe(620);
    for (const k of ['total', 'ok', 'failed'] as const) expect(sum(x.values[`requests.${k}`]!), k).toBe(s.requests[k]);
    for (const reason of FAILURE_REASON_NAMES) expect(sum(x.values[`requests.failedBy.${reason}`]!), reason).toBe(s.requests.failedBy[reason]);
    expect(s.requests.failedBy.rejected * s.requests.failedBy.timeout * s.requests.failedBy.refused).toBeGreaterThan(0);
    for (const c of ['page', 'asset']) {
      for (const k of ['total', 'ok', 'failed'] as const) expect(sum(x.values[`classes.${c}.${k}`]!), `${c}.${k}`).toBe(s.classes[c]![k]);
    }
  });

  it('the extremes and means of the windows are those of the run', () => {
    const max = (xs: ReadonlyArray<number | null>): number => Math.max(...xs.map((v) => v ?? -Infinity));
    // The maximum is exact in both (rounded alike).
    expect(max(x.values['latencyMs.max']!)).toBe(s.latencyMs.max);
    expect(max(x.values['classes.page.latencyMs.max']!)).toBe(s.classes.page!.latencyMs.max);
    // Means weighted by the requests that succeeded in each window: the run's mean (each window's rounded to 1 µs).
    const ok = x.values['requests.ok']!;
    const weighted = sum(x.values['latencyMs.mean']!.map((m, k) => (m ?? 0) * ok[k]!)) / s.requests.ok;
    expect(Math.abs(weighted - s.latencyMs.mean!)).toBeLessThan(1e-3);
    // Time availability weighted by the window lengths (the last is 40 s).
    const len = x.startSeconds.map((t, k) => (x.startSeconds[k + 1] ?? x.endSeconds) - t);
    const time = sum(x.values['availability.time']!.map((a, k) => a! * len[k]!)) / 600;
    expect(Math.abs(time - s.availability.time!)).toBeLessThan(1e-7);
    expect(s.availability.time!).toBeLessThan(1);
  });

  it('marks the incident in the window where it started', () => {
    expect(x.marks).toEqual([{ atSeconds: 200, window: 2, kind: 'incident', label: 'server web/w-2' }]);
    expect(x.secondOfDay.every((v) => v === null)).toBe(true);
  });
});

describe('series: closed forms per window', () => {
  it('M/M/3 at ρ = 0.8: the windows average to the whole-run utilisation and queue, and to Erlang C', () => {
    // λ = 24/s, 100 ms, c = 3 (one server of 3 slots: one shared queue). 60 windows of 1 min after a 400-s warm-up.
    const data = station({ duration: '4000s', warmup: '400s', window: '1min', phases: [constant('24/s', '2h')], slots: 3, mean: '100ms', seed: 3 });
    const s = runData(data, 1);
    const x = series(s);
    expect(x.startSeconds).toHaveLength(60);
    expect(x.startSeconds[0]).toBe(400);
    const u = x.values['tiers.web.utilisation']!;
    // Each window is rounded to 4 digits: the mean of 60 of them is within 5e-5 of the exact one.
    expect(Math.abs(mean(u) - s.tiers.web!.utilisation)).toBeLessThan(6e-5);
    expect(Math.abs(mean(x.values['tiers.web.meanQueued']!) - s.tiers.web!.meanQueued)).toBeLessThan(6e-4);
    expect(s.tiers.web!.meanQueued).toBeCloseTo(s.tiers.web!.servers['web/w']!.meanQueued, 3);
    // And the closed forms (one run of 3,600 s, relaxation ~ a few seconds: loose bounds).
    expect(Math.abs(mean(u) - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(mean(x.values['tiers.web.meanQueued']!) - mmcMeanQueued(24, 10, 3)) / mmcMeanQueued(24, 10, 3)).toBeLessThan(0.3);
    // Windows differ (the series is not the run's figure repeated).
    expect(Math.max(...(u as number[])) - Math.min(...(u as number[]))).toBeGreaterThan(0.05);
  });

  it('utilisation per window is busy capacity ÷ capacity, as the whole run: servers of 3 and 1 slots, and processor sharing (busy cores ÷ cores)', () => {
    // fifo: round-robin over a 3-slot and a 1-slot server, 24/s × 50 ms = 1.2 busy slots of 4: ρ = 0.3 (the mean of the two
    // servers' own utilisations, 0.2 and 0.6, would be 0.4). ps: 64 slots on 2 cores, 24/s × 50 ms = 1.2 busy cores of 2:
    // ρ = 0.6 (busy slots ÷ slots would be about 0.6/(1 − 0.6)/64 ≈ 0.02).
    const data = station({ duration: '4000s', warmup: '400s', window: '1min', phases: [constant('48/s', '2h')], seed: 9 }) as Data & {
      traffic: { classes: Record<string, unknown> };
      tiers: Record<string, unknown>;
    };
    data.traffic.classes = { a: { share: 1, path: ['fifo'] }, b: { share: 1, path: ['ps'] } };
    data.tiers = {
      fifo: {
        balancer: 'round-robin',
        servers: [
          { name: 'big', site: 'RBX', slots: 3 },
          { name: 'small', site: 'RBX', slots: 1 },
        ],
        serviceTime: { dist: 'exponential', mean: '50ms' },
      },
      ps: { discipline: 'ps', servers: [{ name: 'cpu', site: 'RBX', slots: 64, cores: 2 }], serviceTime: { dist: 'exponential', mean: '50ms' } },
    };
    const s = runData(data, 1);
    const x = series(s);
    for (const [tier, rho] of [
      ['fifo', 0.3],
      ['ps', 0.6],
    ] as const) {
      const u = x.values[`tiers.${tier}.utilisation`]!;
      expect(u).toHaveLength(60);
      // The windows (equal, all servers running) average to the whole-run figure, to their 4-digit rounding …
      expect(Math.abs(mean(u) - s.tiers[tier]!.utilisation), tier).toBeLessThan(6e-5);
      // … and to ρ (3,600 s, a few seconds of relaxation: a loose bound).
      expect(Math.abs(mean(u) - rho), tier).toBeLessThan(0.02);
    }
  });

  it('a scheduled outage of 2 minutes shows availability 0 in exactly its 2 windows, and its failures in them', () => {
    // No health check: the dead server keeps receiving everything and refuses it (availability by time 0).
    const data = station({ duration: '600s', window: '1min', phases: [constant('50/s', '1h')] });
    data.incidents = [{ at: '300s', server: 'web/w', for: '2min' }];
    const x = series(runData(data));
    const time = x.values['availability.time']!;
    expect(time).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 1, 1]);
    expect(x.values['availability.requests']!.map((a, k) => (k === 5 || k === 6 ? a : a === 1))).toEqual([true, true, true, true, true, 0, 0, true, true, true]);
    const refused = x.values['requests.failedBy.refused']!;
    // 50/s for 60 s: ≈ 3,000 refused per window (±5σ ≈ ±275).
    for (const k of [5, 6]) expect(Math.abs(refused[k]! - 3000)).toBeLessThan(275);
    expect(sum(refused)).toBe(refused[5]! + refused[6]!);
    // At most the one request in service dies, at the instant 300 s (the window before or after, in event order).
    const failed = x.values['requests.failed']!;
    expect(sum(failed) - failed[5]! - failed[6]! - failed[4]!).toBe(0);
    expect(failed[4]!).toBeLessThanOrEqual(1);
  });

  it('a step in the rate shows in the arrivals at the right window, within Poisson noise', () => {
    // 10/s for 300 s, then 50/s: windows of 30 s hold 300 then 1,500 arrivals on average.
    const x = series(runData(station({ duration: '600s', window: '30s', phases: [constant('10/s', '300s'), constant('50/s', '300s')], slots: 4 })));
    expect(x.arrivals).toHaveLength(20);
    x.arrivals.forEach((n, k) => {
      const expected = k < 10 ? 300 : 1500;
      expect(Math.abs(n - expected), `window ${k}: ${n}`).toBeLessThan(5 * Math.sqrt(expected));
    });
    expect(x.throughputPerSecond[9]).toBeLessThan(20);
    expect(x.throughputPerSecond[10]).toBeGreaterThan(40);
  });

  it('replication lag per window: never below the link latency; the windows hold the run maximum', () => {
    const { scenario } = loadScenario('scenarios/erp-ha-drp.json');
    scenario.run.durationSeconds = 6 * 3600;
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const x = series(s);
    const p50 = x.values['databases.mysql.slaves.mysql/rbx.lagMs.p50']!;
    const max = x.values['databases.mysql.slaves.mysql/rbx.lagMs.max']!;
    expect(p50.filter((v) => v !== null).length).toBeGreaterThan(x.startSeconds.length / 2);
    for (const v of p50) if (v !== null) expect(v).toBeGreaterThanOrEqual(10);
    expect(Math.max(...max.map((v) => v ?? 0))).toBe(s.databases.mysql!.slaves['mysql/rbx']!.lagMs.max);
    // Two classes, two tiers, a database, a link: every pattern but autoscaling's, network cards' and access links' has its paths.
    const unmatched = WINDOW_METRIC_PATTERNS.filter((p) => !Object.keys(x.values).some((path) => p.test(path)));
    expect(unmatched.map(String)).toEqual(
      [/^autoscaling\.[^.]+\.serving$/, /^network\.cards\.[^.]+\.(utilisation|sentGB)$/, /^network\.access\.[^.]+\.(in|out)\.(utilisation|sentGB)$/].map(String),
    );
    // ERP has a daily curve: windows carry their time of day (the run starts at its startsAt).
    expect(x.secondOfDay[1]! - x.secondOfDay[0]!).toBe(x.windowSeconds);
  });

  it('autoscaling: serving instances per window average to the run mean; scale-outs are marks', () => {
    const data = station({ duration: '30min', window: '1min', phases: [constant('100/s', '10min'), constant('300/s', '20min')], servers: 2, slots: 10, queueLimit: 50, mean: '100ms' });
    data.tiers.web.servers[0].price = { perHour: 0.1 };
    data.tiers.web.autoscaling = {
      group: 'w',
      min: 2,
      max: 6,
      period: '1min',
      policies: [{ metric: 'utilisation', scaleOutAbove: 0.7, step: 4 }],
      cooldown: { scaleOut: '40min', scaleIn: '40min' },
      provisioning: { dist: 'constant', value: '2min' },
    };
    const s = runData(data);
    const x = series(s);
    const serving = x.values['autoscaling.web.serving']!;
    expect(Math.abs(mean(serving) - s.autoscaling!.web!.meanServing)).toBeLessThan(1e-3);
    expect(serving[0]).toBe(2);
    expect(serving.at(-1)).toBe(6);
    const outs = x.marks.filter((m) => m.kind === 'scale-out');
    expect(outs).toHaveLength(1);
    expect(outs[0]!.label).toBe('web: 2 → 6');
    expect(outs[0]!.window).toBe(Math.floor(outs[0]!.atSeconds / 60));
  });
});

describe('series: the window rule, its cap and its validation', () => {
  it('the default suits the run: 10 s for 30 min, 1 min for 5 h, 5 min for a day, 15 min for a month, 1 h for a year', () => {
    expect(defaultWindowSeconds(1800)).toBe(10);
    expect(defaultWindowSeconds(5 * 3600)).toBe(60);
    expect(defaultWindowSeconds(86400)).toBe(300);
    expect(defaultWindowSeconds(30 * 86400)).toBe(900);
    expect(defaultWindowSeconds(365 * 86400)).toBe(3600);
    for (const d of [1, 59, 1800, 86400, 30 * 86400, 400 * 86400, 1e5 * 86400]) {
      expect(windowCount(d, defaultWindowSeconds(d)), `${d} s`).toBeLessThanOrEqual(MAX_WINDOWS);
    }
  });

  it('a 30-day run keeps 2,880 windows (at most MAX_WINDOWS), with a calendar from a time-of-day incident', () => {
    const data = station({ duration: '30d', phases: [constant('0.01/s', '30d')] });
    data.incidents = [{ at: '08:00', server: 'web/w', for: '1h' }];
    const x = series(runData(data));
    expect(x.windowSeconds).toBe(900);
    expect(x.startSeconds).toHaveLength(2880);
    expect(x.values['requests.total']).toHaveLength(2880);
    // No daily curve: the calendar is 00:00 on a monday, so the incident is at 8 h, in window 32.
    expect(x.secondOfDay.slice(0, 3)).toEqual([0, 900, 1800]);
    expect(x.secondOfDay[96]).toBe(0);
    expect(x.marks).toEqual([{ atSeconds: 28800, window: 32, kind: 'incident', label: 'server web/w' }]);
  });

  it('refuses a window that makes more than MAX_WINDOWS windows, or none, naming run.window', () => {
    // A month of 1-minute windows fits (the World Cup question); 10-second windows over a month do not.
    expect(problemsOf(station({ duration: '30d', window: '1min', phases: [constant('1/s', '30d')] }))).toEqual([]);
    const fine = problemsOf(station({ duration: '30d', window: '10s', phases: [constant('1/s', '30d')] }));
    expect(fine).toHaveLength(1);
    expect(fine[0]).toMatch(/run\.window/);
    expect(fine[0]).toMatch(/259200 windows; at most 50000/);
    expect(fine[0]).toMatch(/use "60s" or longer/);
    expect(problemsOf(station({ duration: '1h', window: '0s', phases: [constant('1/s', '1h')] }))[0]).toMatch(/run\.window.*longer than zero/);
    expect(problemsOf(station({ duration: '1h', window: '10', phases: [constant('1/s', '1h')] }))[0]).toMatch(/run\.window/);
    expect(problemsOf(station({ duration: '30d', window: '5min', phases: [constant('1/s', '30d')] }))).toEqual([]);
  });
});

describe('series from the command line', () => {
  it('--window sets the windows; the series is the same with 1 and 2 workers', () => {
    const args = ['test/fixtures/mm1-small.json', '--json', '--replications', '3', '--duration', '700s', '--window', '20s'];
    const one = simulate(...args, '--workers', '1');
    const three = simulate(...args, '--workers', '2');
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(three.stdout);
    expect(a.series.windowSeconds).toBe(20);
    expect(a.series.startSeconds).toHaveLength(30);
    expect(b.performance.workers).toBe(2);
    expect(JSON.stringify(b.series)).toBe(JSON.stringify(a.series));
    expect(sum(a.series.values['requests.total'])).toBe(a.requests.total);
  });

  it('a bad --window exits 2 with a message naming it; so does one past the cap', () => {
    const bad = simulate('test/fixtures/mm1-small.json', '--window', '10');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window: expected/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
    const zero = simulate('test/fixtures/mm1-small.json', '--window', '0s');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--window: must be longer than zero/);
    const many = simulate('test/fixtures/mm1-small.json', '--window', '10ms');
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/run\.window.*190000 windows; at most 50000 .*--window/);
  });
});
