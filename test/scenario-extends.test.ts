import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { formatProblem, ScenarioError } from '../src/scenario/scenario-error.js';
import { TAG_KEYS } from '../src/scenario/extends.js';
import { ScenarioSchema } from '../src/scenario/schema.js';

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

const VARIANTS = fileURLToPath(new URL('./fixtures/variants/', import.meta.url));
const variant = (name: string): string => join(VARIANTS, name);

/** Every discriminator of a tagged union reachable in a zod schema. */
function discriminators(schema: unknown, seen = new Set<unknown>(), found = new Set<string>()): Set<string> {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return found;
  seen.add(schema);
  const def = (schema as { def?: Record<string, unknown> }).def;
  if (def === undefined) return found;
  if (typeof def.discriminator === 'string') found.add(def.discriminator);
  const children = [def.innerType, def.in, def.out, def.element, def.valueType, def.keyType, ...((def.options as unknown[]) ?? []), ...((def.items as unknown[]) ?? [])];
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  if (def.type === 'object' && shape) children.push(...Object.values(shape));
  for (const c of children) discriminators(c, seen, found);
  return found;
}

describe('extends: deleting keys and changing kinds (test/fixtures/variants)', () => {
  it('null deletes an inherited key: the default or nothing takes its place', () => {
    const base = loadScenario(variant('base.json')).scenario;
    expect(base.run.seed).toBe(7);
    expect(base.tiers[0]!.healthCheck).toBeDefined();
    expect(base.slo).toHaveLength(1);
    const { scenario } = loadScenario(variant('delete-keys.json'));
    expect(scenario.run.seed).toBe(1); // RunSchema's default
    expect(scenario.tiers[0]!.healthCheck).toBeUndefined();
    expect(scenario.slo).toEqual([]);
    expect(scenario.run.durationSeconds).toBe(2000); // the rest is inherited
  });

  it('null for a key the base does not have is an error in the variant, with a suggestion', () => {
    expect(problems(variant('delete-typo.json'))).toEqual([
      `${variant('delete-typo.json')}: slos: null deletes an inherited key, but the base scenario has no "slos" here — did you mean "slo"?`,
    ]);
  });

  it('deleting a required key is blamed on the variant that deleted it', () => {
    const p = problems(variant('delete-required.json'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/delete-required\.json: tiers\.station\.serviceTime: /);
  });

  it('an object of another kind replaces the base object instead of merging into it', () => {
    const st = loadScenario(variant('kind-change.json')).scenario.tiers[0]!.serviceTimeByClass[0]!;
    expect(st.kind).toBe('constant');
    expect(st.mean).toBeCloseTo(0.004, 12);
    expect(st.variance).toBe(0);
  });

  it('the same kind still merges key by key', () => {
    const st = loadScenario(variant('same-kind.json')).scenario.tiers[0]!.serviceTimeByClass[0]!;
    expect(st.kind).toBe('lognormal');
    expect(st.mean).toBeCloseTo(0.01, 12); // from the base
    expect(st.variance).toBeCloseTo(0.25 * 0.01 ** 2, 12); // cv 0.5 from the variant: variance = (cv·mean)²
  });

  it('a problem in a replaced or merged object names the file that wrote the offending key', () => {
    // gamma without a mean: the base's lognormal has one, but it was replaced, so the variant is at fault.
    expect(problems(variant('kind-change-bad.json'))).toEqual([
      `${variant('kind-change-bad.json')}: tiers.station.serviceTime.mean: missing (expected a string)`,
    ]);
    expect(problems(variant('same-kind-bad.json'))[0]).toMatch(/^.*same-kind-bad\.json: tiers\.station\.serviceTime\.cv: /);
    // Two levels: the middle file changed the kind, the top file wrote a bad value into it.
    const chain = problems(variant('chain-top.json'));
    expect(chain).toHaveLength(1);
    expect(chain[0]).toMatch(/^.*chain-top\.json: tiers\.station\.serviceTime\.value: /);
  });

  it('changing autoscaling provisioning from constant to lognormal works (it used to fail, blaming the base)', () => {
    const root = fileURLToPath(new URL('../scenarios/', import.meta.url));
    const d = dir({
      'sofoot-worldcup.json': readFileSync(join(root, 'sofoot-worldcup.json'), 'utf8'),
      'sofoot-worldcup.autoscale-20min.json': readFileSync(join(root, 'sofoot-worldcup.autoscale-20min.json'), 'utf8'),
      'v.json': { extends: 'sofoot-worldcup.autoscale-20min.json', name: 'v', tiers: { web: { autoscaling: { provisioning: { dist: 'lognormal', mean: '4min', cv: 0.5 } } } } },
    });
    const web = loadScenario(join(d, 'v.json')).scenario.tiers.find((t) => t.name === 'web')!;
    expect(web.autoscaling!.provisioning.kind).toBe('lognormal');
    expect(web.autoscaling!.provisioning.mean).toBeCloseTo(240, 9);
  });

  it('a name that looks like a tag ("kind", "dist") in a record is a name: the record still merges', () => {
    const classes = { kind: { share: 0.5, path: ['station'] }, dist: { share: 0.5, path: ['station'] } };
    const d = dir({
      'base.json': { ...BASE, traffic: { ...BASE.traffic, classes } },
      'v.json': { extends: 'base.json', name: 'v', traffic: { classes: { kind: { share: 0.25 }, dist: { share: 0.75 } } } },
    });
    const { scenario } = loadScenario(join(d, 'v.json'));
    expect(scenario.classes.map((c) => [c.name, c.share, c.path.length])).toEqual([
      ['kind', 0.25, 1],
      ['dist', 0.75, 1],
    ]);
  });

  it('TAG_KEYS lists every discriminator of the scenario schema', () => {
    const found = discriminators(ScenarioSchema);
    expect(found.size).toBeGreaterThanOrEqual(4);
    for (const d of found) expect(TAG_KEYS).toContain(d);
  });
});
