export type JsonPath = Array<string | number>;

/**
 * Every path (list of keys) to a value inside a JSON document, the document
 * itself first; not below `maxDepth`, so a deeply nested value planted by an
 * earlier mutation is not walked (or overflowed).
 */
export function jsonPaths(v: unknown, maxDepth = Infinity, prefix: JsonPath = []): JsonPath[] {
  const out = [prefix];
  if (prefix.length >= maxDepth) return out;
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...jsonPaths(x, maxDepth, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...jsonPaths(x, maxDepth, [...prefix, k]));
  return out;
}
