/**
 * Reading a metric path (docs/metrics.md) from a summary: dotted keys, `*`
 * for every key of an object, and on a list of records `.count` or
 * `.<field>.min|max|mean|sum`.
 */

export interface Reading {
  /** The concrete path (the `*` filled in). */
  path: string;
  /** null: the summary has no value there (e.g. no request of that class); on an aggregate of an empty list, see `empty`. */
  value: number | null;
  /** An aggregate over a list with no record that has the field (`incidents.rtoSeconds.max` without incidents). */
  empty?: boolean;
}

function aggregate(list: unknown[], field: string, how: string, path: string): Reading {
  const xs = list.map((x) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[field] : undefined)).filter((v): v is number => typeof v === 'number');
  if (xs.length === 0) return { path, value: how === 'sum' ? 0 : null, empty: true };
  const sum = xs.reduce((a, b) => a + b, 0);
  const value = how === 'min' ? Math.min(...xs) : how === 'max' ? Math.max(...xs) : how === 'mean' ? sum / xs.length : how === 'sum' ? sum : NaN;
  return { path, value: Number.isNaN(value) ? null : value };
}

function read(v: unknown, segs: readonly string[], at: string, out: Reading[]): void {
  if (segs.length === 0) {
    out.push({ path: at, value: typeof v === 'number' ? v : null });
    return;
  }
  const [seg, ...rest] = segs as [string, ...string[]];
  const join = (k: string): string => (at === '' ? k : `${at}.${k}`);
  if (Array.isArray(v)) {
    if (seg === 'count' && rest.length === 0) out.push({ path: join(seg), value: v.length });
    else if (rest.length === 1) out.push(aggregate(v, seg, rest[0]!, join(`${seg}.${rest[0]}`)));
    else out.push({ path: join(segs.join('.')), value: null });
    return;
  }
  if (v === null || typeof v !== 'object') {
    out.push({ path: join(segs.join('.')), value: null });
    return;
  }
  const obj = v as Record<string, unknown>;
  if (seg === '*') for (const k of Object.keys(obj)) read(obj[k], rest, join(k), out);
  else read(obj[seg], rest, join(seg), out);
}

export function metricReadings(summary: unknown, path: string): Reading[] {
  const out: Reading[] = [];
  read(summary, path.split('.'), '', out);
  return out;
}
