/**
 * `simulate sweep` and `simulate plan` (src/compare/, src/cli/sweep-command.ts,
 * plan-command.ts): the --vary grammar, plan against Erlang B, determinism
 * across worker counts, and bad input. The CLI tests need `npm run build`.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseVary, sweepPoints, VaryError } from '../src/compare/vary.js';
import { simulate } from './support/cli.js';
import { erlangB } from './support/erlang.js';

const LOSS = 'test/fixtures/compare/erlang-loss.json';
const COUNT = 'tiers.station.servers[0].count';

describe('--vary values', () => {
  it('lists, ranges, steps and durations', () => {
    expect(parseVary('a.b=1,2,4,8').values).toEqual([1, 2, 4, 8]);
    expect(parseVary('tiers.web.servers[1].count=0..10').values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parseVary('x=0..20:5').values).toEqual([0, 5, 10, 15, 20]);
    expect(parseVary('x=0..1:0.1').values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(parseVary('provisioning.dist.value=4min,20min').values).toEqual(['4min', '20min']);
    expect(parseVary('run.duration=2min..6min:2min').values).toEqual(['120s', '240s', '360s']);
    expect(parseVary('t.balancer=round-robin,least-connections').values).toEqual(['round-robin', 'least-connections']);
    expect(parseVary('t.serviceTime=[{"dist":"constant","value":"1ms"},{"dist":"exponential","mean":"1ms"}]').values).toHaveLength(2);
  });

  it('a grid of two: every combination, the first flag slowest', () => {
    const points = sweepPoints([parseVary('a=1,2'), parseVary('b=x,y,z')]);
    expect(points.map((p) => p.labels.join(' '))).toEqual(['a=1 b=x', 'a=1 b=y', 'a=1 b=z', 'a=2 b=x', 'a=2 b=y', 'a=2 b=z']);
    expect(points[1]!.sets).toEqual(['a=1', 'b="y"']);
  });

  it('refuses bad ranges, with the flag and an example', () => {
    const cases: Array<[string, RegExp]> = [
      ['x=10..0', /ends \(0\) before it starts \(10\)/],
      ['x=0..10:0', /step must be more than zero/],
      ['x=0..10min:1min', /mixes a number and a duration/],
      ['x=1min..10min', /needs a step/],
      ['x=a..b', /cannot read the range/],
      ['x=0..1e6', /more than the 1000/],
      ['x=1,2,1', /given twice/],
      ['x=', /no values/],
      ['=1,2', /path is empty/],
    ];
    for (const [flag, message] of cases) {
      expect(() => parseVary(flag), flag).toThrow(VaryError);
      expect(() => parseVary(flag), flag).toThrow(message);
    }
    expect(() => sweepPoints([parseVary('a=1'), parseVary('a=2')])).toThrow(/varied twice/);
  });
});

describe('simulate plan', () => {
  // M/M/c/c, 5 Erlangs offered: the smallest c whose blocking (Erlang B) is at most 5 %.
  const target = 0.05;
  const cs = [5, 6, 7, 8, 9, 10, 11, 12];
  const expected = cs.find((c) => erlangB(5, c) <= target)!;

  it('names the smallest count meeting a blocking target computed from Erlang B, and its monthly cost', () => {
    expect(expected).toBe(9);
    // The answer is not a coin toss: both neighbours are well away from the target (B(5,8) ≈ 0.070, B(5,9) ≈ 0.038).
    expect(erlangB(5, expected - 1) - target).toBeGreaterThan(0.015);
    expect(target - erlangB(5, expected)).toBeGreaterThan(0.01);
    const r = simulate('plan', LOSS, '--vary', `${COUNT}=5..12`, '--json', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.search).toBe('grid');
    expect(out.replicationsRun).toBe(8 * 3);
    expect(out.chosen.values).toEqual([expected]);
    expect(out.chosen.monthlyCost).toBe(100 * expected);
    // Each point's availability is 1 − Erlang B within its interval (plus a margin for 3 replications).
    for (const p of out.points) {
      const b = erlangB(5, p.values[0]);
      expect(Math.abs(p.availability.mean - (1 - b)), `c=${p.values[0]}`).toBeLessThan(2 * p.availability.halfWidth95 + 0.005);
    }
    expect(out.frontier.length).toBeGreaterThan(0);
  });

  it('bisection finds the same count in 1 + ⌈log2 n⌉ points', () => {
    const r = simulate('plan', LOSS, '--vary', `${COUNT}=5..12`, '--search', 'bisect', '--json', '--quiet');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.chosen.values).toEqual([expected]);
    expect(out.pointsRun).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(8)));
    expect(out.replicationsRun).toBe(out.pointsRun * 3);
  });

  it('exit 1 when no point meets every SLO; the bound gate can leave a point unsure', () => {
    const none = simulate('plan', LOSS, '--vary', `${COUNT}=3,4`, '--quiet');
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('no setting run meets every SLO');
    const bound = simulate('sweep', LOSS, '--vary', `${COUNT}=9`, '--gate', 'bound', '--replications', '2', '--json', '--quiet', '--slo', 'availability.requests >= 0.9625');
    const p = JSON.parse(bound.stdout).points[0];
    expect(['unsure', 'failed']).toContain(p.slo); // 1 − B(5, 9) ≈ 0.9625 sits inside the interval
  });
});

describe('simulate sweep', () => {
  it('is byte-identical for 1 and 2 workers, and writes CSV', () => {
    const args = ['sweep', LOSS, '--vary', `${COUNT}=6,9`, '--vary', 'run.duration=300s,400s', '--replications', '2', '--json', '--quiet'];
    const one = simulate(...args, '--workers', '1');
    const two = simulate(...args, '--workers', '2');
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(two.stdout);
    const s = JSON.parse(one.stdout);
    expect(s.points.map((p: { point: string[] }) => p.point.join(' '))).toEqual([
      `${COUNT}=6 run.duration=300s`,
      `${COUNT}=6 run.duration=400s`,
      `${COUNT}=9 run.duration=300s`,
      `${COUNT}=9 run.duration=400s`,
    ]);
    expect(s.commonRandomNumbers).toBe(true);
  });

  it('--out x.csv: one row per point', async () => {
    const { tempDir } = await import('./support/temp-scenarios.js');
    const { readFileSync } = await import('node:fs');
    const file = `${tempDir()}/sweep.csv`;
    const r = simulate('sweep', LOSS, '--vary', `${COUNT}=8,9`, '--replications', '2', '--out', file, '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sweep of tiers.station.servers[0].count: 2 points');
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((x) => x[COUNT])).toEqual(['8', '9']);
    expect(rows.map((x) => x.monthly_cost)).toEqual(['800', '900']);
    expect(rows[0]!.slo).toBe('failed');
    expect(Number(rows[1]!.availability)).toBeGreaterThan(0.95);
  });

  it('bad input is exit 2 with the path and a suggestion, before anything runs', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--vary', 'tiers.statoin.servers[0].count=1..3'], /--vary tiers\.statoin\.servers\[0\]\.count=1: tiers has no "statoin" — did you mean "station"\?/],
      [['--vary', `${COUNT}=-1..1`], /servers\[0\]\.count: with --vary tiers\.station\.servers\[0\]\.count=-1: .*change the values of --vary/],
      [['--vary', `${COUNT}=9..1`], /ends \(1\) before it starts \(9\)/],
      [['--vary', 'run.seed=1,2'], /same seeds/],
      [[], /which parameter\?/],
      [['--vary', 'a=1', '--vary', 'b=1', '--vary', 'c=1'], /at most two/],
    ];
    for (const [flags, message] of cases) {
      const r = simulate('sweep', LOSS, ...flags, '--quiet');
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr, flags.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const plan = simulate('plan', LOSS, '--vary', `${COUNT}=1..3`, '--slo', 'latencyMs.p99 < 1s', '--search', 'binary');
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/--search: expected "grid" or "bisect"/);
  });
});
