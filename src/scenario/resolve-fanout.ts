/** Resolution of a class's `calls`, `emits` and `key`, and of a tier's `balancer: { kind: "by-key" }` (schema-fanout.ts). */
import type { Collector, Path } from './collector.js';
import { keyCount, type ResolvedByKey, type ResolvedCallCount, type ResolvedKey } from './resolved-fanout.js';
import type { ResolvedClass } from './resolved.js';
import type { ScenarioParsed } from './schema.js';
import type { z } from 'zod';
import type { ByKeyBalancerSchema, CallCountSchema } from './schema-fanout.js';

type ClassSpec = ScenarioParsed['traffic']['classes'][string];

/** Adds `calls`, `emits` and `key` to the resolved classes (in place), and checks the emits graph has no cycle. */
export function resolveFanoutClasses(c: Collector, parsed: ScenarioParsed, classes: ResolvedClass[], classNames: readonly string[], tierNames: readonly string[]): void {
  const specs = Object.values(parsed.traffic.classes);
  classes.forEach((k, i) => {
    const spec = specs[i]!;
    const cpath: Path = ['traffic', 'classes', k.name];
    if (spec.calls) resolveCalls(c, [...cpath, 'calls'], spec, k, tierNames);
    if (spec.key) k.key = resolveKey(c, [...cpath, 'key'], spec.key);
    if (spec.emits) {
      const e = spec.emits;
      const target = c.reference([...cpath, 'emits', 'class'], e.class, classNames, 'class') ? classNames.indexOf(e.class) : -1;
      let afterTier = -1;
      if (e.after !== undefined && c.reference([...cpath, 'emits', 'after'], e.after, tierNames, 'tier')) {
        afterTier = tierNames.indexOf(e.after);
        if (!k.path.includes(afterTier)) c.error([...cpath, 'emits', 'after'], `tier "${e.after}" is not on the path of class "${k.name}"`, `use one of: ${k.path.map((t) => tierNames[t]).join(', ')}`);
      }
      if (target >= 0) k.emits = { classIndex: target, probability: e.probability, afterTier };
    }
  });
  checkEmitCycles(c, classes);
  // A class with share 0 arrives only as a consequence request: some other class must emit it.
  specs.forEach((k, i) => {
    if (k.share === 0 && !classes.some((o) => o.emits?.classIndex === i)) {
      c.error(['traffic', 'classes', classes[i]!.name, 'share'], 'expected a value > 0, got 0 (share 0 is only for a class that another class "emits")', 'give it a share, or emit it from another class');
    }
  });
}

function resolveCalls(c: Collector, path: Path, spec: ClassSpec, k: ResolvedClass, tierNames: readonly string[]): void {
  const calls = spec.calls!;
  if (!c.reference([...path, 'tier'], calls.tier, tierNames, 'tier')) return;
  const stage = k.path.indexOf(tierNames.indexOf(calls.tier));
  if (stage < 0) {
    c.error([...path, 'tier'], `tier "${calls.tier}" is not on the path of class "${k.name}"`, `use one of: ${k.path.map((t) => tierNames[t]).join(', ')}`);
    return;
  }
  const count = resolveCallCount(c, [...path, 'count'], calls.count);
  if (count) k.calls = { stage, count, meanCount: meanCallCount(count), parallel: calls.mode === 'parallel' };
}

function resolveCallCount(c: Collector, path: Path, spec: z.output<typeof CallCountSchema>): ResolvedCallCount | undefined {
  if (typeof spec === 'number') return { dist: 'constant', value: spec };
  if (spec.dist !== 'discrete') return spec;
  const weights = spec.weights ?? spec.values.map(() => 1);
  if (weights.length !== spec.values.length) {
    c.error([...path, 'weights'], `expected one weight per value (${spec.values.length}), got ${weights.length}`);
    return undefined;
  }
  if (!weights.some((w) => w > 0)) {
    c.error([...path, 'weights'], 'at least one weight must be above zero');
    return undefined;
  }
  return { dist: 'discrete', values: spec.values, weights };
}

export function meanCallCount(count: ResolvedCallCount): number {
  switch (count.dist) {
    case 'constant':
      return count.value;
    case 'poisson':
    case 'geometric':
      return count.mean;
    case 'discrete': {
      const total = count.weights.reduce((a, b) => a + b, 0);
      return count.values.reduce((a, v, i) => a + (v * count.weights[i]!) / total, 0);
    }
  }
}

function resolveKey(c: Collector, path: Path, spec: ResolvedKey): ResolvedKey | undefined {
  if (spec.dist === 'weighted' && !spec.weights.some((w) => w > 0)) {
    c.error([...path, 'weights'], 'at least one weight must be above zero');
    return undefined;
  }
  return spec;
}

/** A class that (through others) emits itself would create requests without end. */
function checkEmitCycles(c: Collector, classes: readonly ResolvedClass[]): void {
  classes.forEach((k, start) => {
    const seen = new Set<number>();
    let at: number | undefined = k.emits?.classIndex;
    while (at !== undefined && !seen.has(at)) {
      if (at === start) {
        c.error(['traffic', 'classes', k.name, 'emits', 'class'], `class "${k.name}" emits itself (through ${[...seen].map((i) => classes[i]!.name).join(' → ') || 'itself'}): requests without end`, 'break the chain');
        return;
      }
      seen.add(at);
      at = classes[at]!.emits?.classIndex;
    }
  });
}

/** A tier's by-key balancer: every class through it must carry a key; database tiers route by site themselves. */
export function resolveByKey(
  c: Collector,
  tpath: Path,
  spec: z.output<typeof ByKeyBalancerSchema>,
  classes: readonly ResolvedClass[],
  tierIndex: number,
  isDatabase: boolean,
): ResolvedByKey {
  if (isDatabase) c.error([...tpath, 'balancer'], 'a database tier routes by site and role itself: "by-key" does not apply', 'put the sharding on the tier in front, or split the shards into tiers');
  let keys = 1;
  for (const k of classes) {
    if (!k.path.includes(tierIndex)) continue;
    if (k.key === undefined) c.error(['traffic', 'classes', k.name, 'key'], `class "${k.name}" goes through a tier routed by key but carries no key`, 'add "key": { "dist": "uniform", "keys": 40 } (or zipf, weighted)');
    else keys = Math.max(keys, keyCount(k.key));
  }
  return { map: spec.map, ownerDown: spec.ownerDown, keys };
}
