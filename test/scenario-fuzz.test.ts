import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { ScenarioError } from '../src/scenario/scenario-error.js';
import { jsonPaths, type JsonPath } from './support/json-paths.js';

const SCENARIOS = ['../scenarios/sofoot-worldcup.json', './fixtures/mm1-small.json'].map((f) =>
  JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8')),
);

const paths = (v: unknown): JsonPath[] => jsonPaths(v);

type Mutation = { kind: 'replace' | 'delete' | 'add'; pathIndex: number; value: unknown; key: string };

function mutate(doc: unknown, m: Mutation): unknown {
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[m.pathIndex % all.length]!;
  let parent: any = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1]!;
  if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** The loader's contract: a valid result or a ScenarioError, never anything else. */
function onlyScenarioErrors(data: unknown): void {
  try {
    resolveScenarioData(data, 'fuzz.json');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) expect(p.message.length).toBeGreaterThan(0);
  }
}

describe('loader robustness (property-based)', () => {
  it('never throws anything but a ScenarioError on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => onlyScenarioErrors(v)), { numRuns: 300, seed: 42 });
  });

  it('never throws anything but a ScenarioError on mutated valid scenarios', () => {
    const mutation = fc.record({
      kind: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
      pathIndex: fc.nat(),
      value: fc.oneof(fc.jsonValue(), fc.constantFrom('10ms', '0s', '-1/s', '1e400ms', '0/s', 'NaN', '__proto__', 0, -1, 1e308)),
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')),
    });
    for (const doc of SCENARIOS) {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => onlyScenarioErrors(ms.reduce<unknown>((d, m) => mutate(d, m), doc))),
        { numRuns: 400, seed: 7 },
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
