/**
 * Turns zod's validation issues into problems people can act on:
 * `file: json.path: what is wrong (expected …, got …) — did you mean …`.
 */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { formatPath, type Problem } from './scenario-error.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** Walk a zod schema along a data path to find the object schema there (for key suggestions). */
function schemaAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>, data: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  let d: unknown = data;
  let i = 0;
  while (s !== undefined) {
    const def = (s as unknown as { def: Record<string, unknown> & { type: string } }).def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'pipe') {
      s = (def.innerType ?? def.in) as z.ZodType;
      continue;
    }
    if (def.type === 'union') {
      const options = def.options as z.ZodType[];
      const disc = def.discriminator as string | undefined;
      if (disc !== undefined && d !== null && typeof d === 'object') {
        const value = (d as Record<string, unknown>)[disc];
        s = options.find((o) => {
          const shape = (o as unknown as { shape?: Record<string, z.ZodType> }).shape;
          const lit = shape?.[disc] as unknown as { def?: { values?: unknown[] } } | undefined;
          return lit?.def?.values?.includes(value);
        });
        continue;
      }
      // Plain union: the first object-like option.
      s = options.find((o) => (o as unknown as { def: { type: string } }).def.type === 'object' || (o as unknown as { def: { type: string } }).def.type === 'record');
      continue;
    }
    if (i === path.length) return s;
    const seg = path[i++]!;
    d = d !== null && typeof d === 'object' ? (d as Record<PropertyKey, unknown>)[seg] : undefined;
    if (def.type === 'object') s = (s as unknown as { shape: Record<string, z.ZodType> }).shape[String(seg)];
    else if (def.type === 'record') s = def.valueType as z.ZodType;
    else if (def.type === 'array') s = def.element as z.ZodType;
    else if (def.type === 'tuple') s = (def.items as z.ZodType[])[Number(seg)];
    else return undefined;
  }
  return undefined;
}

function objectKeys(s: z.ZodType | undefined): string[] {
  const shape = (s as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Which file wrote the value at a path (scenarios can extend others). */
export type FileOf = (path: ReadonlyArray<PropertyKey>) => string;

export function zodIssuesToProblems(issues: readonly Issue[], fileOf: FileOf, schema: z.ZodType, data: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    const push = (message: string, suggestion?: string, at = path, atPath: ReadonlyArray<PropertyKey> = issue.path): void => {
      problems.push({ file: fileOf(atPath), path: at, message, severity: 'error', ...(suggestion ? { suggestion } : {}) });
    };
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = objectKeys(schemaAt(schema, issue.path, data));
        for (const key of issue.keys) {
          const guess = didYouMean(key, known);
          push(
            // The path already ends with the key: a long one is not quoted a second time (the line stays readable).
            `unknown key${key.length > 40 ? '' : ` "${key}"`} (expected one of: ${known.join(', ')})`,
            guess ? `did you mean "${guess}"?` : undefined,
            formatPath([...issue.path, key]),
            [...issue.path, key],
          );
        }
        break;
      }
      case 'invalid_union':
        unionProblems(issue, push, problems, fileOf, schema, data);
        break;
      case 'invalid_value': {
        const values = issue.values.map((v) => JSON.stringify(v));
        const guess = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : undefined;
        push(`expected one of ${values.join(', ')}, got ${describeValue(issue.input)}`, guess ? `did you mean "${guess}"?` : undefined);
        break;
      }
      case 'invalid_type': {
        const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
        if (issue.input === undefined) push(`missing (expected ${expected})`);
        else if (issue.expected === 'string' && typeof issue.input === 'number') {
          push(
            `expected a quantity with a unit, got the plain number ${issue.input}`,
            `plain numbers are ambiguous: write e.g. "${issue.input}ms", "${issue.input}s" or "${issue.input}/s"`,
          );
        } else push(`expected ${expected}, got ${describeValue(issue.input)}`);
        break;
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
        if (issue.origin === 'array') push(`expected ${op === '≥' ? 'at least' : op === '≤' ? 'at most' : op} ${String(bound)} item(s), got ${Array.isArray(issue.input) ? issue.input.length : describeValue(issue.input)}`);
        else push(`expected a value ${op} ${String(bound)}, got ${describeValue(issue.input)}`);
        break;
      }
      case 'invalid_format':
        push(`${issue.message}, got ${describeValue(issue.input)}`, formatHint(issue.input));
        break;
      default:
        push(`${issue.message}${issue.input !== undefined ? `, got ${describeValue(issue.input)}` : ''}`);
    }
  }
  return problems;
}

/** A plain number where a unit was needed is the commonest mistake: say how to write it. */
function formatHint(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  if (/^\s*[0-9.]+\s*$/.test(input)) return 'add a unit';
  if (/^\s*[0-9.]+\s*m\s*$/.test(input)) return `write "${input.trim().replace(/m$/, 'min')}" for minutes`;
  return undefined;
}

type Push = (message: string, suggestion?: string) => void;

/**
 * A union that matched no branch: a tagged union names its tag (with a
 * did-you-mean); a plain one (one distribution, or one per class) explains
 * the branch that came closest, with the fewest issues.
 */
function unionProblems(issue: Issue, push: Push, problems: Problem[], fileOf: FileOf, schema: z.ZodType, data: unknown): void {
  const u = issue as Issue & { discriminator?: string; options?: unknown[]; note?: string };
  if (u.discriminator !== undefined) {
    const options = (u.options ?? []).map(String);
    const got = u.input !== null && typeof u.input === 'object' ? (u.input as Record<string, unknown>)[u.discriminator] : undefined;
    const guess = typeof got === 'string' ? didYouMean(got, options) : undefined;
    push(
      got === undefined
        ? `missing "${u.discriminator}" (expected one of: ${options.join(', ')})`
        : `unknown ${u.discriminator} ${describeValue(got)} (expected one of: ${options.join(', ')})`,
      guess ? `did you mean "${guess}"?` : undefined,
    );
  } else {
    // A plain union (e.g. one distribution, or one per class): explain
    // the branch that came closest, i.e. with the fewest issues.
    const branches = ((u as { errors?: Issue[][] }).errors ?? []).filter((b) => b.length > 0);
    if (branches.length === 0) {
      push(`${describeValue(u.input)} does not match any accepted form`);
      return;
    }
    const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
    const nested = best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue);
    problems.push(...zodIssuesToProblems(nested, fileOf, schema, data));
  }
}
