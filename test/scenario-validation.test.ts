import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from './support/cli.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { formatProblem } from '../src/scenario/scenario-error.js';
import { problemsOf } from './support/run-data.js';

const BASE = JSON.parse(readFileSync(new URL('./fixtures/mm1-small.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** A deep copy of the base scenario with one mistake made by `mutate`. */
function broken(mutate: (s: any) => void): unknown {
  const s = structuredClone(BASE);
  mutate(s);
  return s;
}

describe('scenario validation', () => {
  it('accepts the base scenario', () => {
    expect(problemsOf(BASE)).toEqual([]);
  });

  // Each mistake → the exact line (or a pattern) a user sees.
  const cases: Array<[string, (s: any) => void, RegExp]> = [
    ['misspelled top-level key', (s) => ((s.tiers = undefined), (s.teirs = BASE.tiers)), /x\.json: tiers: missing \(expected an object\)|x\.json: teirs: unknown key "teirs".*did you mean "tiers"\?/],
    ['misspelled nested key', (s) => ((s.run.duraton = '10s'), delete s.run.duration), /x\.json: run\.duraton: unknown key "duraton" .* — did you mean "duration"\?/],
    ['plain number where a duration is needed', (s) => (s.run.duration = 600), /x\.json: run\.duration: expected a quantity with a unit, got the plain number 600 — plain numbers are ambiguous/],
    ['"m" for minutes', (s) => (s.run.warmup = '5m'), /x\.json: run\.warmup: expected a duration .*, got "5m" — write "5min" for minutes/],
    ['rate without a unit', (s) => (s.traffic.phases[0].rate = '50'), /x\.json: traffic\.phases\[0\]\.rate: expected a rate with a unit .*, got "50" — add a unit/],
    ['zero rate share', (s) => (s.traffic.classes.req.share = 0), /x\.json: traffic\.classes\.req\.share: expected a value > 0, got 0/],
    ['unknown phase kind', (s) => (s.traffic.phases[0].phase = 'constnat'), /x\.json: traffic\.phases\[0\]\.phase: unknown phase "constnat" .* — did you mean "constant"\?/],
    ['unknown distribution', (s) => (s.tiers.station.serviceTime.dist = 'expo'), /x\.json: tiers\.station\.serviceTime\.dist: unknown dist "expo" \(expected one of: constant, exponential, .*\)/],
    ['unknown balancer', (s) => (s.tiers.station.balancer = 'roundrobin'), /x\.json: tiers\.station\.balancer: expected one of .*, got "roundrobin" — did you mean "round-robin"\?/],
    ['path naming an unknown tier', (s) => (s.traffic.classes.req.path = ['staton']), /x\.json: traffic\.classes\.req\.path\[0\]: unknown tier "staton" \(expected one of: station\) — did you mean "station"\?/],
    ['server in an unknown site', (s) => (s.tiers.station.servers[0].site = 'RBZ'), /x\.json: tiers\.station\.servers\[0\]\.site: unknown site "RBZ" \(expected one of: RBX\) — did you mean "RBX"\?/],
    ['warm-up longer than the run', (s) => (s.run.warmup = '1h'), /x\.json: run\.warmup: the warm-up \(1h\) is not shorter than the run \(2000s\)/],
    ['zero slots', (s) => (s.tiers.station.servers[0].slots = 0), /x\.json: tiers\.station\.servers\[0\]\.slots: expected a value ≥ 1, got 0/],
    ['fractional slots', (s) => (s.tiers.station.servers[0].slots = 1.5), /x\.json: tiers\.station\.servers\[0\]\.slots: expected a whole number, got 1\.5/],
    ['negative queue limit', (s) => (s.tiers.station.servers[0].queueLimit = -1), /x\.json: tiers\.station\.servers\[0\]\.queueLimit: /],
    ['service time for an unknown class', (s) => (s.tiers.station.serviceTime = { reqs: { dist: 'constant', value: '1ms' } }), /x\.json: tiers\.station\.serviceTime\.reqs: unknown request class "reqs" .* — did you mean "req"\?/],
    ['a class with no service time at a tier it visits', (s) => (s.tiers.station.serviceTime = {}), /x\.json: tiers\.station\.serviceTime: class "req" goes through tier "station" but has no service time here/],
    ['a hold with no rate before it', (s) => (s.traffic.phases = [{ phase: 'hold', duration: '10s' }]), /x\.json: traffic\.phases\[0\]: a "hold" phase needs a rate before it/],
    ['unknown SLO metric', (s) => (s.slo = { 'latencyMs.p98': '< 10' }), /x\.json: slo\["latencyMs\.p98"\]: "latencyMs\.p98 < 10": unknown SLO metric "latencyMs\.p98" — did you mean "latencyMs\.p9[09]"\?/],
    ['malformed SLO comparison', (s) => (s.slo = { 'latencyMs.p99': 'under 10' }), /x\.json: slo\["latencyMs\.p99"\]: "latencyMs\.p99 under 10": expected a comparison such as "< 500"/],
    ['negative mean', (s) => (s.tiers.station.serviceTime = { dist: 'exponential', mean: '-5ms' }), /x\.json: tiers\.station\.serviceTime\.mean: expected a duration/],
    ['uniform with min ≥ max', (s) => (s.tiers.station.serviceTime = { dist: 'uniform', min: '5ms', max: '1ms' }), /x\.json: tiers\.station\.serviceTime\.max: must be greater than min/],
    ['prototype-polluting key', (s) => (s.run = JSON.parse('{"duration":"10s","__proto__":{"polluted":1}}')), /x\.json: run\.__proto__: unknown key "__proto__"/],
  ];
  for (const [what, mutate, expected] of cases) {
    it(`reports ${what}`, () => {
      const problems = problemsOf(broken(mutate));
      expect(problems.length, `no problem reported for: ${what}`).toBeGreaterThan(0);
      expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
    });
  }

  it('`simulate validate` exits 2 on every broken file and prints each expected message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-broken-'));
    const files = cases.map(([, mutate], i) => {
      const f = join(dir, `broken-${i}.json`);
      writeFileSync(f, JSON.stringify(broken(mutate)));
      return f;
    });
    const r = simulate('validate', ...files);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    cases.forEach(([what, , expected], i) => {
      const mine = lines.filter((l) => l.startsWith(`${files[i]}: `)).map((l) => l.replace(`${files[i]}: `, 'x.json: '));
      expect(mine.some((l) => expected.test(l)), `${what}: ${mine.join(' | ')}`).toBe(true);
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports every problem, not only the first', () => {
    const problems = problemsOf(
      broken((s) => {
        s.run.duration = 600;
        s.tiers.station.balancer = 'roundrobin';
        s.tiers.station.servers[0].slots = 0;
      }),
    );
    expect(problems).toHaveLength(3);
  });

  it('warns (without failing) when the offered load exceeds a tier capacity', () => {
    const { warnings } = resolveScenarioData(broken((s) => (s.traffic.phases[0].rate = '150/s')), 'x.json');
    const w = warnings.map(formatProblem).join('\n');
    // 150/s × 10 ms = 1.5 busy slots for 1 slot.
    expect(w).toMatch(/x\.json: tiers\.station: warning: at the peak rate of 150\/s the offered load is 1\.5 busy slots but the tier has 1 \(ρ = 1\.5\): its queue will grow without bound/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('scenario validation: quantities out of range', () => {
  it('refuses durations and rates that overflow to infinity', () => {
    const p = problemsOf(
      broken((s) => {
        s.run.duration = '1e400ms';
        s.traffic.phases[0].rate = '1e400/s';
      }),
    );
    expect(p).toContain('x.json: run.duration: expected a finite quantity, got "1e400ms"');
    expect(p).toContain('x.json: traffic.phases[0].rate: expected a finite quantity, got "1e400/s"');
  });
});

describe('scenario validation: distributions', () => {
  it('refuses parameters that give no finite mean', () => {
    const p = problemsOf(broken((s) => (s.tiers.station.serviceTime = { dist: 'lognormal', mean: '10ms', cv: 1e200 })));
    expect(p.join('\n')).toMatch(/x\.json: tiers\.station\.serviceTime: invalid lognormal parameters: .*must be a finite number/);
  });
});
