import { describe, expect, it } from 'vitest';
import { simulate } from './support/cli.js';

const FIXTURE = 'test/fixtures/mm1-small.json';

describe('simulate CLI', () => {
  it('prints a JSON summary holding every documented field', () => {
    const r = simulate(FIXTURE, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.scenario).toBe('mm1-small');
    expect(s.seed).toBe(7);
    for (const path of [
      'requests.total',
      'requests.ok',
      'requests.failed',
      'availability.requests',
      'latencyMs.mean',
      'latencyMs.p50',
      'latencyMs.p90',
      'latencyMs.p95',
      'latencyMs.p99',
      'latencyMs.p999',
      'latencyMs.max',
      'performance.events',
      'performance.wallSeconds',
      'performance.eventsPerSecond',
    ]) {
      const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s);
      expect(typeof value, path).toBe('number');
    }
    expect(s.requests.total).toBe(s.requests.ok + s.requests.failed);
    // 50/s over the 1,900 measured seconds: Poisson, so within a few standard deviations (√95,000 ≈ 308).
    expect(Math.abs(s.requests.total - 95_000)).toBeLessThan(1_500);
    expect(s.latencyMs.p50).toBeLessThanOrEqual(s.latencyMs.p90);
    expect(s.latencyMs.p99).toBeLessThanOrEqual(s.latencyMs.max);
  });

  it('is reproducible: same seed ⇒ same summary minus wall-clock fields; --seed changes it', () => {
    const strip = (out: string): string => {
      const s = JSON.parse(out);
      s.performance = { events: s.performance.events };
      return JSON.stringify(s);
    };
    const a = strip(simulate(FIXTURE, '--json').stdout);
    const b = strip(simulate(FIXTURE, '--json').stdout);
    const c = strip(simulate(FIXTURE, '--json', '--seed', '8').stdout);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('gives the same summary whatever the number of worker threads', () => {
    const strip = (out: string): string => {
      const s = JSON.parse(out);
      expect(s.replications).toBe(4);
      delete s.performance;
      return JSON.stringify(s);
    };
    const one = simulate(FIXTURE, '--json', '--replications', '4', '--duration', '600s', '--workers', '1');
    const two = simulate(FIXTURE, '--json', '--replications', '4', '--duration', '600s', '--workers', '2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(JSON.parse(two.stdout).performance.workers).toBe(2);
    expect(strip(two.stdout)).toBe(strip(one.stdout));
    // Four replications give a confidence interval.
    expect(JSON.parse(one.stdout).latencyMs.meanCI95.halfWidth95).toBeGreaterThan(0);
  });

  it('prints a human-readable table by default and a one-line result with --quiet', () => {
    const table = simulate(FIXTURE);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/availability\s+100\.000% of requests/);
    expect(table.stdout).toMatch(/SLO ok\s+latencyMs\.p99 < 200/);
    const quiet = simulate(FIXTURE, '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(1);
    expect(quiet.stderr).toBe('');
  });

  it('exits 1 when an SLO fails', () => {
    // At ρ = 0.5 the M/M/1 sojourn is exponential with mean 20 ms: p99 ≈ 92 ms, far above 10 ms.
    const strict = simulate('test/fixtures/mm1-slo-fails.json', '--quiet');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/SLO FAILED: latencyMs\.p99 < 10/);
  });

  it('--duration overrides the run length', () => {
    const s = JSON.parse(simulate(FIXTURE, '--json', '--duration', '500s').stdout);
    expect(s.simulated.durationSeconds).toBe(500);
    expect(s.simulated.measuredSeconds).toBe(400);
  });

  describe('bad input exits 2 with one line naming the problem, no stack trace', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['a missing file', ['scenarios/nope.json'], /^scenarios\/nope\.json: no such file/],
      ['invalid JSON', ['test/fixtures/broken-json.json'], /^test\/fixtures\/broken-json\.json: invalid JSON: .*line 4/],
      ['an unknown flag', [FIXTURE, '--sed', '3'], /^simulate: Unknown argument: sed/],
      ['no scenario at all', [], /^simulate: which scenario\? pass a scenario file/],
      ['a bad --duration', [FIXTURE, '--duration', '10'], /^simulate: --duration: expected a duration .* — add a unit: "10s" or "10ms"/],
      ['a directory', ['scenarios'], /^scenarios: is a directory/],
    ];
    for (const [what, args, message] of cases) {
      it(what, () => {
        const r = simulate(...args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack frames
      });
    }
  });

  it('--help lists the options with their defaults and the exit codes', () => {
    const r = simulate('--help');
    expect(r.code).toBe(0);
    for (const flag of ['--seed', '--duration', '--json', '--quiet', '--replications', '--workers', '--out']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 an SLO failed, 2 bad usage or bad scenario, 3 internal error/);
  });

  it('validate checks files without running them', () => {
    const ok = simulate('validate', FIXTURE, 'scenarios/sofoot-worldcup.json');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/mm1-small\.json: ok/);
    const bad = simulate('validate', FIXTURE, 'test/fixtures/broken-json.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken-json\.json: invalid JSON/);
  });
});
