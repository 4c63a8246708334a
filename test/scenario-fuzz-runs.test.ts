/**
 * Fuzzing every committed scenario, end to end in process: each is mutated
 * (types, units, numbers, names, deep nesting, hostile keys, deletions),
 * then loaded and, when it loads and is within a small work budget, run
 * for a few seconds of simulated time. Over a fixed number of cases with a
 * fixed seed: nothing is thrown but a ScenarioError, no case takes more
 * than a few seconds, and no prototype is polluted.
 */
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/run/run-scenario.js';
import { estimateWork } from '../src/run/work-estimate.js';
import { loadLayers } from '../src/scenario/extends.js';
import { readScenarioJson, resolveScenarioData } from '../src/scenario/load.js';
import { ScenarioError } from '../src/scenario/scenario-error.js';
import { ROOT } from './support/cli.js';
import { jsonPaths, type JsonPath } from './support/json-paths.js';

const DIR = join(ROOT, 'scenarios');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
/** Cases per scenario: 8 scenarios × 150 = 1,200 cases, about 10 s on 2 cores (FUZZ_CASES=5000 for a deeper local search). */
const CASES = Number(process.env.FUZZ_CASES ?? 150);
/** A case (load + run) must end within this [ms]: a hang or a runaway run fails here or at the test timeout. */
const CASE_LIMIT_MS = 5000;
/** In-process stand-in for the CLI's work budget (the short runs must stay short). */
const BUDGET_EVENTS = 3e6;

/** Paths to mutate; not below depth 12, so a deeply nested value from an earlier mutation is not walked (or overflowed). */
const paths = (v: unknown): JsonPath[] => jsonPaths(v, 12);

function nest(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

const HOSTILE_STRINGS = [
  '\u001b]0;pwned\u0007\u001b[2J',
  '__proto__',
  'constructor',
  'a\u202eb',
  'x'.repeat(100_000),
  '',
  ' ',
  'web',
  'RBX',
  'tier/none',
];
const UNITS = ['10', '10m', '10ms', '0s', '1ns', '-1s', '1e400ms', '5200w', '1e9/s', '0/s', '3000/s', '1k/s', '60GB', '1Gbps', 'NaN', 'Infinity', '1h30min', '21:47', 'friday 18:00'];
const NUMBERS = [0, -1, 1, 0.5, 2, 1e9, 1e308, -1e308, 1e-300, 3.5, 10_000, 10_001];

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...UNITS),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(null, true, false, [], {}, [1, 2], { dist: 'normal', mean: '1ms', sd: '10ms' }),
  fc.record({ depth: fc.constantFrom(70, 300), asArray: fc.boolean() }).map(({ depth, asArray }) => nest(depth, 1, asArray)),
  fc.jsonValue({ maxDepth: 3 }),
);

const mutation = fc.record({
  kind: fc.constantFrom('replace', 'replace', 'delete', 'add', 'rename'),
  pathIndex: fc.nat(),
  value,
  key: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 12 })),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function define(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function mutate(doc: unknown, m: Mutation): unknown {
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[m.pathIndex % all.length]!;
  let parent: any = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1]!;
  if (m.kind === 'replace') {
    if (Array.isArray(parent)) parent[Number(last)] = m.value;
    else define(parent, String(last), m.value);
  } else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.kind === 'rename' && !Array.isArray(parent)) {
    const v = parent[last];
    delete parent[last];
    define(parent, m.key, v);
  } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    define(parent, m.key, m.value);
  }
  return copy;
}

/** Short runs: a few seconds of simulated time, one replication (set before mutating, so a mutation may still change them). */
function shorten(doc: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, any>;
  copy.run = { ...copy.run, duration: '4s', warmup: '1s', replications: 1 };
  return copy;
}

/** The contract: a ScenarioError, or a run that ends. */
async function loadAndRun(data: unknown, file: string): Promise<'refused' | 'budget' | 'ran'> {
  let scenario;
  try {
    scenario = resolveScenarioData(data, file).scenario;
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) expect(p.message.length).toBeGreaterThan(0);
    return 'refused';
  }
  if (!(estimateWork(scenario).events <= BUDGET_EVENTS)) return 'budget';
  try {
    await runScenario(scenario);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e; // a trace read during the run may be bad input, nothing else
    return 'refused';
  }
  return 'ran';
}

describe('fuzzing every committed scenario: loader and short runs', () => {
  it('covers every committed scenario', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
  });

  it('refuses data nested 10,000 deep with a ScenarioError, not a stack overflow (the mutations below nest 70 and 300 deep)', () => {
    const doc = loadLayers(join(DIR, FILES[0]!), (p) => readScenarioJson(p)).data as Record<string, any>;
    doc.tiers.web = nest(10_000, 1, true);
    expect(() => resolveScenarioData(doc, 'deep.json')).toThrow(/nested more than 64 levels deep/);
    doc.tiers.web = nest(10_000, 1, false);
    expect(() => resolveScenarioData(doc, 'deep.json')).toThrow(ScenarioError);
  });

  for (const f of FILES) {
    it(`${f}: mutated ${CASES} times, only ScenarioErrors and runs that end`, async () => {
      const file = join(DIR, f);
      const doc = shorten(loadLayers(file, (p) => readScenarioJson(p)).data);
      expect(await loadAndRun(doc, file)).toBe('ran'); // the unmutated short run is valid
      const outcomes = { refused: 0, budget: 0, ran: 0 };
      let slowest = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
          const mutated = ms.reduce<unknown>((d, m) => mutate(d, m), doc);
          const started = performance.now();
          outcomes[await loadAndRun(mutated, file)]++;
          const took = performance.now() - started;
          slowest = Math.max(slowest, took);
          expect(took, 'one case').toBeLessThan(CASE_LIMIT_MS);
        }),
        { numRuns: CASES, seed: 2026 + FILES.indexOf(f) },
      );
      if (process.env.FUZZ_STATS) console.log(f, outcomes, `slowest case ${Math.round(slowest)} ms`);
      // Both sides of the contract were exercised.
      expect(outcomes.refused).toBeGreaterThan(0);
      expect(outcomes.ran).toBeGreaterThan(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('a');
    });
  }
});
