import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { formatProblem, ScenarioError } from '../src/scenario/scenario-error.js';

const BASE = JSON.parse(readFileSync(new URL('./fixtures/mm1-small.json', import.meta.url), 'utf8'));

function dir(files: Record<string, unknown>): string {
  const d = mkdtempSync(join(tmpdir(), 'sim-extends-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return d;
}

function problems(file: string): string[] {
  try {
    loadScenario(file);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map(formatProblem);
    throw e;
  }
}

describe('extends', () => {
  it('merges objects key by key and replaces lists and values', () => {
    const d = dir({
      'base.json': BASE,
      'variant.json': {
        extends: 'base.json',
        name: 'variant',
        run: { duration: '500s' },
        traffic: { phases: [{ phase: 'constant', rate: '80/s', duration: '1h' }] },
        tiers: { station: { servers: [{ name: 's', site: 'RBX', slots: 2 }] } },
      },
    });
    const { scenario } = loadScenario(join(d, 'variant.json'));
    expect(scenario.name).toBe('variant');
    expect(scenario.run.durationSeconds).toBe(500);
    expect(scenario.run.warmupSeconds).toBe(100); // kept from the base
    expect(scenario.run.seed).toBe(7);
    expect(scenario.ratePoints.at(-1)).toEqual([3600, 80]); // phases replaced whole
    expect(scenario.tiers[0]!.servers[0]!.slots).toBe(2);
    expect(scenario.tiers[0]!.serviceTimeByClass[0]!.mean).toBeCloseTo(0.01, 12); // from the base
  });

  it('follows a chain and names the file that wrote a bad value', () => {
    const d = dir({
      'a.json': { ...BASE, tiers: { station: { ...BASE.tiers.station, balancer: 'roundrobin' } } },
      'b.json': { extends: 'a.json', name: 'b' },
      'c.json': { extends: 'b.json', name: 'c', run: { warmup: '5m' } },
    });
    const p = problems(join(d, 'c.json'));
    expect(p).toHaveLength(2);
    expect(p.some((x) => x.startsWith(`${join(d, 'a.json')}: tiers.station.balancer:`))).toBe(true);
    expect(p.some((x) => x.startsWith(`${join(d, 'c.json')}: run.warmup:`))).toBe(true);
  });

  it('refuses cycles', () => {
    const d = dir({ 'a.json': { extends: 'b.json' }, 'b.json': { extends: 'a.json' } });
    expect(problems(join(d, 'a.json'))[0]).toMatch(/"extends" makes a cycle: a\.json → b\.json → a\.json/);
  });

  it('refuses a base outside the scenario directory, by path or by symlink', () => {
    const outside = dir({ 'base.json': BASE });
    const d = dir({ 'v.json': { extends: '../base.json', name: 'v' } });
    expect(problems(join(d, 'v.json'))[0]).toMatch(/extends: "\.\.\/base\.json" is outside the scenario's directory/);
    symlinkSync(join(outside, 'base.json'), join(d, 'link.json'));
    writeFileSync(join(d, 'w.json'), JSON.stringify({ extends: 'link.json', name: 'w' }));
    expect(problems(join(d, 'w.json'))[0]).toMatch(/is outside the scenario's directory/);
  });

  it('reports a missing base as a missing file', () => {
    const d = dir({ 'v.json': { extends: 'nope.json', name: 'v' } });
    expect(problems(join(d, 'v.json'))[0]).toMatch(/nope\.json: no such file/);
  });

  it('does not let "__proto__" in an override pollute anything', () => {
    const d = dir({ 'base.json': BASE, 'v.json': '{"extends":"base.json","run":{"__proto__":{"polluted":true}}}' });
    expect(problems(join(d, 'v.json'))[0]).toMatch(/v\.json: run\.__proto__: unknown key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
