/**
 * `--vary path=values`: the values a sweep gives one scenario value. The
 * path is a `--set` path (run/set-overrides.ts); the values are
 *
 * - a list: `=1,2,4,8`, `=4min,20min`, `=round-robin,least-connections`
 *   (each item JSON when it parses, else a string, as with `--set`);
 * - a range of whole steps: `=0..10` (0, 1, …, 10), `=0..20:5` (0, 5, …, 20);
 * - a range of durations with a step: `=2min..20min:2min` (each value
 *   written back as seconds with its unit, "120s").
 *
 * Every point is then written into the scenario like a `--set` and
 * validated like the file, so a value the schema refuses is found before
 * anything runs.
 */
import { parseSet } from '../run/set-overrides.js';
import { parseDuration, UnitError } from '../scenario/units.js';

/** A sweep has at most this many points (a grid of two: the product). */
export const MAX_POINTS = 1000;

export interface Vary {
  /** The flag's text, for messages. */
  flag: string;
  /** The path as written ("tiers.web.servers[1].count"). */
  path: string;
  /** The values, in the order given (what is written into the scenario). */
  values: unknown[];
  /** Each value as shown in tables ("3", "4min"). */
  labels: string[];
}

/** A mistake in a `--vary` flag; the message names it. */
export class VaryError extends Error {}

const EXAMPLE = "e.g. --vary 'tiers.web.servers[1].count=0..10', --vary 'tiers.web.servers[1].count=0..20:5' or --vary 'run.duration=30min,1h'";

function item(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON: a string such as "4min"
  }
}

/** A number, or a duration in seconds (`unit` says which), or undefined. */
function quantity(text: string): { value: number; duration: boolean } | undefined {
  const t = text.trim();
  if (/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(t)) return { value: Number(t), duration: false };
  const d = parseDuration(t);
  return d instanceof UnitError ? undefined : { value: d, duration: true };
}

function rangeValues(flag: string, spec: string): { values: unknown[]; labels: string[] } {
  const m = /^([^:]+?)\.\.([^:]+?)(?::(.+))?$/.exec(spec);
  const from = m && quantity(m[1]!);
  const to = m && quantity(m[2]!);
  if (!m || !from || !to) throw new VaryError(`--vary ${flag}: cannot read the range ${JSON.stringify(spec)}: expected from..to or from..to:step with numbers or durations, ${EXAMPLE}`);
  if (from.duration !== to.duration) throw new VaryError(`--vary ${flag}: the range mixes a number and a duration: give both ends the same kind, e.g. 2min..20min:2min`);
  const step = m[3] === undefined ? (from.duration ? undefined : { value: 1, duration: false }) : quantity(m[3]);
  if (step === undefined) throw new VaryError(`--vary ${flag}: ${m[3] === undefined ? 'a range of durations needs a step' : `cannot read the step ${JSON.stringify(m[3])}`}, e.g. ${from.duration ? '2min..20min:2min' : '0..20:5'}`);
  if (step.duration !== from.duration) throw new VaryError(`--vary ${flag}: the step must be ${from.duration ? 'a duration' : 'a number'} like the range's ends`);
  if (!(step.value > 0)) throw new VaryError(`--vary ${flag}: the step must be more than zero, got ${m[3]}`);
  if (to.value < from.value) throw new VaryError(`--vary ${flag}: the range ends (${m[2]}) before it starts (${m[1]}): write the smaller value first`);
  const count = Math.floor((to.value - from.value) / step.value + 1e-9) + 1;
  if (count > MAX_POINTS) throw new VaryError(`--vary ${flag}: ${count} values, more than the ${MAX_POINTS} a sweep may have: use a larger step`);
  // Each value from its index (not by adding the step again and again): 0.1 steps do not drift.
  const xs = Array.from({ length: count }, (_, i) => Number((from.value + i * step.value).toPrecision(12)));
  return from.duration ? { values: xs.map((x) => `${x}s`), labels: xs.map((x) => `${x}s`) } : { values: xs, labels: xs.map(String) };
}

/** Parse one `--vary path=values`. */
export function parseVary(flag: string): Vary {
  const set = parseSet(flag);
  if (typeof set === 'string') throw new VaryError(set.replace(/^--set /, '--vary ').replace(/e\.g\. --set .*$/, EXAMPLE));
  const eq = flag.indexOf('=');
  const spec = flag.slice(eq + 1).trim();
  const path = flag.slice(0, eq).trim();
  if (spec === '') throw new VaryError(`--vary ${flag}: no values after "=", ${EXAMPLE}`);
  if (spec.includes('..') && !spec.startsWith('[') && !spec.startsWith('{')) return { flag, path, ...rangeValues(flag, spec) };
  const parsed = spec.startsWith('[') ? item(spec) : undefined;
  const values = Array.isArray(parsed) ? parsed : spec.split(',').map((t) => item(t.trim()));
  if (values.length > MAX_POINTS) throw new VaryError(`--vary ${flag}: ${values.length} values, more than the ${MAX_POINTS} a sweep may have`);
  const labels = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const seen = new Set<string>();
  for (const l of labels) {
    if (seen.has(l)) throw new VaryError(`--vary ${flag}: the value ${l} is given twice`);
    seen.add(l);
  }
  return { flag, path, values, labels };
}

/** One point of a sweep: a value of each `--vary`. */
export interface SweepPoint {
  /** Index of the value in each vary, in the order of the flags. */
  at: number[];
  /** `path=label` per vary (what the tables show). */
  labels: string[];
  /** `--set` texts writing the point's values (path=JSON). */
  sets: string[];
}

/** The grid: every combination of the varies' values, the first flag's changing slowest. */
export function sweepPoints(varies: readonly Vary[]): SweepPoint[] {
  if (varies.length === 0) throw new VaryError('which parameter? give one or two --vary path=values, ' + EXAMPLE);
  if (varies.length > 2) throw new VaryError(`--vary: at most two parameters (a grid), got ${varies.length}`);
  if (varies.length === 2 && varies[0]!.path === varies[1]!.path) throw new VaryError(`--vary: ${varies[0]!.path} is varied twice`);
  const total = varies.reduce((n, v) => n * v.values.length, 1);
  if (total > MAX_POINTS) throw new VaryError(`--vary: the grid has ${total} points, more than ${MAX_POINTS}: fewer values or larger steps`);
  let points: SweepPoint[] = [{ at: [], labels: [], sets: [] }];
  for (const v of varies) {
    points = points.flatMap((p) =>
      v.values.map((value, i) => ({ at: [...p.at, i], labels: [...p.labels, `${v.path}=${v.labels[i]!}`], sets: [...p.sets, `${v.path}=${JSON.stringify(value)}`] })),
    );
  }
  return points;
}
