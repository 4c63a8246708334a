/**
 * `--set path=value`: any scenario value from the command line, written into
 * the merged JSON (after `extends`, before validation) so it is checked like
 * the file: `--set tiers.web.servers[1].count=0`, `--set run.duration=2h`,
 * `--set 'traffic.phases[0].rate=3000/s'`. The value is JSON when it parses
 * (numbers, true/false, null, objects, lists), else a string (so quantities
 * with units need no quotes). `null` deletes the key, as in a variant file.
 *
 * Every container on the path but the last must exist (a typo in a tier name
 * is refused with a suggestion rather than creating a tier); the last key may
 * be new, and validation then says whether the schema knows it.
 */
import { didYouMean } from '../scenario/did-you-mean.js';
import { formatPath } from '../scenario/scenario-error.js';

export interface SetOverride {
  /** The flag's text, "path=value", for messages. */
  flag: string;
  path: Array<string | number>;
  /** The path as problems print it (formatPath), to match their paths. */
  pathText: string;
  value: unknown;
}

const EXAMPLE = 'e.g. --set tiers.web.servers[1].count=3 or --set run.duration=2h';

/** "a.b[0]["x.y"]" → ["a", "b", 0, "x.y"], or a message. */
function parsePath(text: string): Array<string | number> | string {
  const path: Array<string | number> = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const index = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    const name = (path.length === 0 ? /^([^.[\]]+)/ : /^\.([^.[\]]+)/).exec(rest);
    const m = index ?? quoted ?? name;
    if (m === null) return `cannot read the path at ${JSON.stringify(rest.slice(0, 20))}`;
    path.push(index ? Number(index[1]) : quoted ? (JSON.parse(quoted[1]!) as string) : name![1]!);
    i += m[0].length;
  }
  return path.length === 0 ? 'the path is empty' : path;
}

/** Parse one `--set path=value`, or return what is wrong with it. */
export function parseSet(flag: string): SetOverride | string {
  const eq = flag.indexOf('=');
  if (eq < 0) return `--set ${flag}: expected path=value, ${EXAMPLE}`;
  const path = parsePath(flag.slice(0, eq).trim());
  if (typeof path === 'string') return `--set ${flag}: ${path} (expected a path such as tiers.web.servers[1].count)`;
  const text = flag.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: a string such as "2h" or "3000/s"
  }
  return { flag, path, pathText: formatPath(path), value };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function missingKey(s: SetOverride, where: Array<string | number>, key: string, present: string[]): string {
  const guess = didYouMean(key, present);
  const place = where.length === 0 ? 'the scenario' : formatPath(where);
  return `--set ${s.flag}: ${place} has no "${key}"${guess ? ` — did you mean "${guess}"?` : present.length > 0 ? ` (it has: ${present.join(', ')})` : ''}`;
}

/** Write one override into `data`, or return what is wrong with its path. */
export function applySet(data: unknown, s: SetOverride): string | undefined {
  let v = data;
  for (let i = 0; i < s.path.length; i++) {
    const seg = s.path[i]!;
    const where = s.path.slice(0, i);
    const last = i === s.path.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(v)) return `--set ${s.flag}: ${formatPath(where)} is ${describe(v)}, not a list`;
      const max = last && s.value !== null ? v.length : v.length - 1; // the last index may append
      if (seg > max) return `--set ${s.flag}: ${formatPath(where)} has ${v.length} item(s) (indices 0–${v.length - 1}${last ? `, or ${v.length} to append` : ''})`;
      if (!last) v = v[seg];
      else if (s.value === null) v.splice(seg, 1);
      else v[seg] = s.value;
      continue;
    }
    if (!isPlainObject(v)) return `--set ${s.flag}: ${where.length === 0 ? 'the scenario' : formatPath(where)} is ${describe(v)}, not an object`;
    const has = Object.prototype.hasOwnProperty.call(v, seg);
    if (!last) {
      if (!has) return missingKey(s, where, seg, Object.keys(v));
      v = v[seg];
    } else if (s.value === null) {
      if (!has) return missingKey(s, where, seg, Object.keys(v));
      delete v[seg];
    } else {
      // defineProperty: a "__proto__" key stays a plain key (validation refuses it), never the prototype.
      Object.defineProperty(v, seg, { value: s.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return undefined;
}

/** Does a problem at `problemPath` come from this override (its value or something inside it)? */
export function setWrote(s: SetOverride, problemPath: string): boolean {
  return problemPath === s.pathText || problemPath.startsWith(`${s.pathText}.`) || problemPath.startsWith(`${s.pathText}[`);
}
