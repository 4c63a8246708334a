/**
 * `--set path=value` (src/run/set-overrides.ts): any scenario value from the
 * command line, applied after extends and validated like the file. Needs
 * `npm run build` (test/support/cli.ts runs dist/).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from './support/cli.js';
import { applySet, parseSet, type SetOverride } from '../src/run/set-overrides.js';

const BASE = 'test/fixtures/variants/base.json';

describe('simulate --set', () => {
  it('gives the same summary as a variant file writing the same values (units, list indices, a kind change, null)', () => {
    const fromFile = simulate('test/fixtures/variants/set-equivalent.json', '--json', '--quiet');
    const fromFlags = simulate(
      BASE,
      '--json',
      '--quiet',
      '--set',
      'name=variants-set-equivalent',
      '--set',
      'run.duration=500s',
      '--set',
      'traffic.phases[0].rate=30/s',
      '--set',
      'tiers.station.servers[0].slots=2',
      '--set',
      'tiers.station.serviceTime={"dist":"gamma","shape":2,"mean":"20ms"}',
      '--set',
      'slo=null',
    );
    expect(fromFile.code).toBe(0);
    expect(fromFlags.stderr).toBe('');
    expect(fromFlags.code).toBe(0);
    // Byte for byte, but for the file named and the wall-clock performance figures.
    const figures = (text: string): Record<string, unknown> => {
      const { file: _file, performance: _performance, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return rest;
    };
    const s = figures(fromFlags.stdout) as { scenario: string; slo: unknown[]; requests: { total: number } };
    expect(JSON.stringify(s)).toBe(JSON.stringify(figures(fromFile.stdout)));
    expect(s.scenario).toBe('variants-set-equivalent');
    expect(s.slo).toEqual([]);
    // 30/s over the 400 s after the warm-up (not the base's 50/s over 1,900 s): Poisson, within 5 standard deviations of 12,000.
    expect(Math.abs(s.requests.total - 12_000)).toBeLessThan(5 * Math.sqrt(12_000));
  });

  it('a bad value is exit 2, naming the flag and the path', () => {
    const r = simulate(BASE, '--quiet', '--set', 'traffic.phases[0].rate=fast');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('traffic.phases[0].rate: with --set traffic.phases[0].rate=fast: expected a rate with a unit');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a run setting that breaks a rule elsewhere is still blamed on the flag', () => {
    const r = simulate(BASE, '--quiet', '--set', 'run.duration=50s');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run\.warmup: with --set run\.duration=50s: the warm-up \(100s\) is not shorter than the run \(50s\)/);
  });

  it('an unknown key gets a did-you-mean, at the last step (from the schema) or before it (from the scenario)', () => {
    const last = simulate(BASE, '--quiet', '--set', 'run.duraton=500s');
    expect(last.code).toBe(2);
    expect(last.stderr).toMatch(/run\.duraton: with --set run\.duraton=500s: unknown key "duraton" .*did you mean "duration"\?/);
    const inner = simulate(BASE, '--quiet', '--set', 'tiers.statoin.balancer=random');
    expect(inner.code).toBe(2);
    expect(inner.stderr).toContain('--set tiers.statoin.balancer=random: tiers has no "statoin" — did you mean "station"?');
  });

  it('refuses a path that does not fit the scenario, or no path at all', () => {
    const cases: Array<[string, string]> = [
      ['traffic.phases[3].rate=3/s', 'traffic.phases has 1 item(s) (indices 0–0)'],
      ['run.duration.value=1s', 'run.duration is string "2000s", not an object'],
      ['tiers[0]=1', 'tiers is an object, not a list'],
      ['run.duration', 'expected path=value'],
      ['run..duration=1s', 'cannot read the path'],
      ['incidents=null', 'the scenario has no "incidents"'],
    ];
    for (const [flag, message] of cases) {
      const r = simulate(BASE, '--quiet', '--set', flag);
      expect(r.code, flag).toBe(2);
      expect(r.stderr, flag).toContain(`--set ${flag}: `);
      expect(r.stderr, flag).toContain(message);
    }
  });
});

describe('parseSet / applySet', () => {
  it('reads JSON when it parses, else a string; quoted keys hold dots', () => {
    const values = ['run.seed=3', 'tiers.web.hold=true', 'slo=null', 'a={"b":[1]}', 'run.duration=2h', 'x=3000/s', 'x='].map((f) => (parseSet(f) as SetOverride).value);
    expect(values).toEqual([3, true, null, { b: [1] }, '2h', '3000/s', '']);
    const q = parseSet('slo["latencyMs.p99"]=< 100ms') as SetOverride;
    expect(q.path).toEqual(['slo', 'latencyMs.p99']);
    expect(q.pathText).toBe('slo["latencyMs.p99"]');
    expect(q.value).toBe('< 100ms');
    expect((parseSet('tiers.web.servers[1].count=0') as SetOverride).path).toEqual(['tiers', 'web', 'servers', 1, 'count']);
  });

  it('writes, appends and deletes (null) in objects and lists, never through a prototype', () => {
    const data = { run: { seed: 1 }, phases: [{ rate: 'a' }, { rate: 'b' }] } as Record<string, unknown>;
    for (const f of ['run.seed=9', 'phases[2]={"rate":"c"}', 'phases[0]=null', 'run.window=1min', 'run.__proto__={"polluted":true}']) {
      expect(applySet(data, parseSet(f) as SetOverride), f).toBeUndefined();
    }
    expect(JSON.stringify(data)).toBe('{"run":{"seed":9,"window":"1min","__proto__":{"polluted":true}},"phases":[{"rate":"b"},{"rate":"c"}]}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
