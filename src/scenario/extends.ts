/**
 * `"extends": "base.json"`: a scenario can start from another and override
 * parts of it, so an alternate topology is a short file. Objects merge key by
 * key; arrays and plain values replace. The chain is followed (a variant of a
 * variant), cycles are refused, and every file must stay inside the
 * directory tree of the scenario named on the command line.
 *
 * Each problem found later must name the file that wrote the offending
 * value: `originOf(path)` answers that from the layers.
 */
import { isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { scenarioDir } from '../io/input-file.js';
import { realpathSync } from 'node:fs';
import { ScenarioError } from './scenario-error.js';

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

/** Deep merge without ever invoking a setter (a "__proto__" key stays a plain key, caught by validation). */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = {};
  const define = (k: string, v: unknown): void => {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  };
  for (const k of Object.keys(base)) define(k, base[k]);
  for (const k of Object.keys(over)) define(k, Object.prototype.hasOwnProperty.call(out, k) ? merge(out[k], over[k]) : over[k]);
  return out;
}

/** Does this layer set the value at `path` (or replace a whole subtree above it)? */
function layerDefines(raw: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let v: unknown = raw;
  for (const seg of path) {
    if (Array.isArray(v)) return true; // arrays replace whole: this layer wrote it
    if (!isPlainObject(v)) return v !== undefined;
    if (!Object.prototype.hasOwnProperty.call(v, String(seg))) return false;
    v = v[String(seg)];
  }
  return true;
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
  let data: unknown = undefined;
  for (let i = layers.length - 1; i >= 0; i--) data = data === undefined ? layers[i]!.raw : merge(data, layers[i]!.raw);
  if (isPlainObject(data)) delete data.extends;
  return {
    data,
    originOf(path) {
      for (const layer of layers) if (layerDefines(layer.raw, path)) return layer.file;
      return file;
    },
  };
}
