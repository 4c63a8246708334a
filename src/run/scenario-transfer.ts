/**
 * Sending a resolved scenario to a worker thread.
 *
 * Why not let each worker load the file again: the path may be standard
 * input (read once, already consumed), and a file edited during the run
 * would give the workers another scenario than the main thread's. The main
 * thread resolves once and sends the result.
 *
 * A resolved scenario is plain data except its distributions, which are
 * class instances: a structured clone keeps their fields but not their
 * prototype (no `sample`). {@link encodeScenario} tags each one with its
 * class name; {@link decodeScenario} gives it its prototype back. Their
 * fields are all they hold (distributions are pure parameters), so the
 * decoded object draws exactly as the original. Any other class instance is
 * refused (a bug: it would arrive without its methods).
 */
import * as distributions from '../rng/distributions.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

const TAG = '__distribution';

type Constructor = { prototype: object; name: string };

/** The distribution classes, by name. */
const CLASSES: ReadonlyMap<string, Constructor> = new Map(
  (Object.values(distributions) as unknown[])
    .filter((v): v is Constructor => typeof v === 'function' && typeof (v.prototype as { sample?: unknown } | undefined)?.sample === 'function')
    .map((c) => [c.name, c]),
);

/** Opaque, structured-clonable form of a resolved scenario. */
export interface EncodedScenario {
  readonly encoded: unknown;
}

export function encodeScenario(scenario: ResolvedScenario): EncodedScenario {
  return { encoded: encode(scenario, 'scenario') };
}

export function decodeScenario(e: EncodedScenario): ResolvedScenario {
  return decode(e.encoded) as ResolvedScenario;
}

function encode(v: unknown, where: string): unknown {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'function' || typeof v === 'symbol') throw new Error(`cannot send ${where} (a ${typeof v}) to a worker thread`);
    return v;
  }
  if (ArrayBuffer.isView(v)) return v; // typed arrays clone as they are
  if (Array.isArray(v)) return v.map((x, i) => encode(x, `${where}[${i}]`));
  const proto = Object.getPrototypeOf(v) as object | null;
  const fields = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) define(out, k, encode(x, `${where}.${k}`));
    return out;
  };
  if (proto === Object.prototype || proto === null) return fields();
  const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? '?';
  const cls = CLASSES.get(name);
  if (cls === undefined || cls.prototype !== proto) throw new Error(`cannot send ${where} (an instance of ${name}) to a worker thread`);
  return { [TAG]: name, fields: fields() };
}

function decode(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(decode);
  const rec = v as Record<string, unknown>;
  if (typeof rec[TAG] === 'string') {
    const cls = CLASSES.get(rec[TAG]);
    if (cls === undefined) throw new Error(`unknown distribution class ${rec[TAG]} from the main thread`);
    return Object.assign(Object.create(cls.prototype) as object, decode(rec.fields));
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(rec)) define(out, k, decode(x));
  return out;
}

/** A key set without invoking a setter ("__proto__" stays a plain key). */
function define(o: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}
