/**
 * JSON that gives back exactly the numbers it was given.
 *
 * Plain JSON loses what a replication's result and a resolved scenario
 * hold: Infinity (an unbounded queue), NaN, -0, and typed arrays (the
 * per-window series). A shard file (shard-file.ts) must let `simulate
 * merge` rebuild the very objects the run had, so the merged summary is
 * byte-identical to one process's. Finite doubles already survive JSON
 * exactly (shortest round-trip formatting); the rest is tagged:
 * `{"$num":"Infinity"}`, `{"$typed":"Float64Array","data":[…]}`.
 */

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return undefined;
}

function tag(v: unknown): unknown {
  if (typeof v === 'number') {
    const s = special(v);
    return s === undefined ? v : { $num: s };
  }
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name as TypedName;
    if (!(name in TYPED)) throw new TypeError(`exact JSON: cannot write a ${name}`);
    return { $typed: name, data: Array.from(v as unknown as ArrayLike<number>, tag) };
  }
  if (Array.isArray(v)) return v.map(tag);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) define(out, k, tag(x));
  return out;
}

function untag(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(untag);
  const o = v as Record<string, unknown>;
  if (typeof o.$num === 'string' && Object.keys(o).length === 1) return Number(o.$num);
  if (typeof o.$typed === 'string' && Array.isArray(o.data) && o.$typed in TYPED) {
    return TYPED[o.$typed as TypedName].from((o.data as unknown[]).map((x) => untag(x) as number));
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) define(out, k, untag(x));
  return out;
}

/** A key named by the scenario (a tier called "__proto__") stays a plain key. */
function define(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function toExactJson(v: unknown): string {
  return JSON.stringify(tag(v));
}

/** Throws SyntaxError on text that is not JSON. */
export function fromExactJson(text: string): unknown {
  return untag(JSON.parse(text));
}
