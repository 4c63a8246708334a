/** Damerau–Levenshtein distance (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/** Words are cut to this many characters before matching (no name or enum value is longer). */
export const MAX_WORD = 64;

/**
 * The closest candidate to `word`, if it is close enough to be a plausible
 * typo (distance ≤ max(1, ⌊len/3⌋)), or one that differs only by
 * punctuation/case ("roundrobin" → "round-robin").
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  // A typo is short: cut a huge input (a megabyte key) before the quadratic edit distance.
  if (word.length > MAX_WORD) word = word.slice(0, MAX_WORD);
  const squash = (s: string): string => s.toLowerCase().replace(/[-_.\s]/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  const list = [...candidates];
  // An abbreviation ("expo" for "exponential") names one candidate unambiguously.
  const prefixed = word.length >= 3 ? list.filter((c) => c.toLowerCase().startsWith(word.toLowerCase())) : [];
  if (prefixed.length === 1) return prefixed[0];
  const near = Math.max(1, Math.floor(word.length / 3));
  for (const c of list) {
    if (squash(c) === squash(word)) return c;
    // The distance is at least the difference in length: a candidate that long cannot be near, so its
    // quadratic distance is skipped (a scenario may name a class with 100,000 characters: every metric
    // path then carries it, and the SLO check suggests among them).
    if (Math.abs(c.length - word.length) > near) continue;
    const dist = editDistance(word, c);
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best !== undefined && bestD <= near ? best : undefined;
}
