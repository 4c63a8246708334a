/**
 * `"extends": "base.json"`: a scenario can start from another and override
 * parts of it, so an alternate topology is a short file. Objects merge key by
 * key; arrays and plain values replace; an object of another kind (a
 * different "dist", "phase", "kind" or "replication") replaces the base's;
 * `null` deletes an inherited key. The chain is followed (a variant of a
 * variant), cycles are refused, and every file must stay inside the
 * directory tree of the scenario named on the command line.
 *
 * Each problem found later must name the file that wrote the offending
 * value: `originOf(path)` answers that from the layers.
 */
import { isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { scenarioDir } from '../io/input-file.js';
import { realpathSync } from 'node:fs';
import { formatPath, ScenarioError } from './scenario-error.js';
import { didYouMean } from './did-you-mean.js';

export interface Layered {
  /** The merged document, without "extends". */
  data: unknown;
  /** The file whose layer defines the value at `path` (the top file when none does). */
  originOf(path: ReadonlyArray<PropertyKey>): string;
}

/** Longest `extends` chain followed (the top file included). */
export const MAX_LAYERS = 32;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Keys that name an object's kind: the discriminators of the schema's tagged
 * unions (distributions, phases, burstiness, databases) and the `kind` of a
 * balancer's redundancy. test/scenario-extends.test.ts checks that every
 * discriminator of ScenarioSchema is listed.
 */
export const TAG_KEYS: readonly string[] = ['dist', 'phase', 'kind', 'replication'];

/** An override of another kind (lognormal over constant) replaces the base object: its fields mean nothing for the new kind. */
function kindChanges(base: Record<string, unknown>, over: Record<string, unknown>): boolean {
  // Only string values are tags: a class or tier may be named "kind", and then its value is an object.
  return TAG_KEYS.some((k) => typeof base[k] === 'string' && typeof over[k] === 'string' && base[k] !== over[k]);
}

/** Which layer wrote each part of the merged document (`keys` only where layers were merged key by key). */
interface Origin {
  layer: number;
  keys?: Map<string, Origin>;
}

function define(out: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Deep merge of layer `layer` (`over`) onto what the deeper layers made
 * (`base`, written as told by `origin`), without ever invoking a setter (a
 * "__proto__" key stays a plain key, caught by validation). A null value
 * deletes the inherited key.
 */
function merge(base: unknown, origin: Origin, over: unknown, layer: number, at: Array<string | number>, file: string): { value: unknown; origin: Origin } {
  if (!isPlainObject(base) || !isPlainObject(over) || kindChanges(base, over)) {
    if (!isPlainObject(over)) return { value: over, origin: { layer } };
    const own: Record<string, unknown> = {};
    for (const k of Object.keys(over)) if (over[k] !== null || !isPlainObject(base)) define(own, k, over[k]); // a replacing object has nothing to delete
    return { value: own, origin: { layer } };
  }
  const out: Record<string, unknown> = {};
  const keys = new Map<string, Origin>();
  for (const k of Object.keys(base)) {
    define(out, k, base[k]);
    keys.set(k, origin.keys?.get(k) ?? { layer: origin.layer });
  }
  for (const k of Object.keys(over)) {
    const had = Object.prototype.hasOwnProperty.call(out, k);
    if (over[k] === null) {
      if (!had) throw nothingToDelete(file, [...at, k], Object.keys(out));
      delete out[k];
      keys.set(k, { layer }); // a problem about the missing key is this layer's
      continue;
    }
    const r = had ? merge(out[k], keys.get(k)!, over[k], layer, [...at, k], file) : { value: over[k], origin: { layer } };
    define(out, k, r.value);
    keys.set(k, r.origin);
  }
  return { value: out, origin: { layer, keys } };
}

function nothingToDelete(file: string, path: Array<string | number>, present: string[]): ScenarioError {
  const key = String(path[path.length - 1]);
  const guess = didYouMean(key, present);
  return new ScenarioError([
    {
      file,
      path: formatPath(path),
      message: `null deletes an inherited key, but the base scenario has no "${key}" here`,
      suggestion: guess ? `did you mean "${guess}"?` : 'remove the line',
      severity: 'error',
    },
  ]);
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Real path, or the path itself when it does not exist (the read reports that). */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Load `file` and the chain of scenarios it extends. `readJson` reads and
 * parses one file (throwing ScenarioError). `rootDir` is the directory no
 * file may leave (default: the directory of `file`).
 */
export function loadLayers(file: string, readJson: (file: string, layer: number) => unknown, rootDir = scenarioDir(file)): Layered {
  const layers: Array<{ file: string; raw: unknown }> = [];
  const seen: string[] = [];
  let current = file;
  const root = real(rootDir);
  for (;;) {
    const abs = real(resolvePath(current));
    if (seen.includes(abs)) {
      throw new ScenarioError([
        { file: layers[layers.length - 1]!.file, path: 'extends', message: `"extends" makes a cycle: ${[...seen, abs].map((f) => relative(root, f) || f).join(' → ')}`, severity: 'error' },
      ]);
    }
    seen.push(abs);
    if (layers.length >= MAX_LAYERS) {
      throw new ScenarioError([
        {
          file: layers[layers.length - 1]!.file,
          path: 'extends',
          message: `"extends" chains more than ${MAX_LAYERS} files (${layers.map((l) => relative(root, resolvePath(l.file)) || l.file).slice(0, 3).join(' → ')} → …)`,
          suggestion: 'a variant of a variant is fine; flatten a longer chain into fewer files',
          severity: 'error',
        },
      ]);
    }
    const raw = readJson(current, layers.length);
    layers.push({ file: current, raw });
    const ext = isPlainObject(raw) ? raw.extends : undefined;
    if (ext === undefined) break;
    if (typeof ext !== 'string' || ext === '') {
      throw new ScenarioError([{ file: current, path: 'extends', message: `expected the path of a scenario file, got ${Array.isArray(ext) ? 'a list' : ext === null ? 'null' : typeof ext === 'object' ? 'an object' : JSON.stringify(ext)}`, severity: 'error' }]);
    }
    const target = resolvePath(scenarioDir(current), ext);
    if (!isInside(root, real(target))) {
      throw new ScenarioError([
        {
          file: current,
          path: 'extends',
          message: `"${ext}" is outside the scenario's directory (${root})`,
          suggestion: 'keep the base scenario in the same directory tree',
          severity: 'error',
        },
      ]);
    }
    current = target;
  }
  // Merge from the deepest base up to the top file.
  const deepest = layers.length - 1;
  let data: unknown = layers[deepest]!.raw;
  let origin: Origin = { layer: deepest };
  for (let i = deepest - 1; i >= 0; i--) ({ value: data, origin } = merge(data, origin, layers[i]!.raw, i, [], layers[i]!.file));
  if (isPlainObject(data)) delete data.extends;
  return {
    data,
    originOf(path) {
      let o = origin;
      for (const seg of path) {
        const next = o.keys?.get(String(seg));
        if (next === undefined) break; // written whole by o's layer, or missing from it
        o = next;
      }
      return layers[o.layer]!.file;
    },
  };
}
