/**
 * A request that crosses between two sites must cross a declared link. The
 * model has no default for the Internet or a private network it was not
 * told about: without a link the crossing would take no time at all, which
 * silently flatters every cross-site design (issue 10: sofoot's GRA web
 * servers reached MySQL in RBX for free). So the resolver refuses a class
 * path that can go between two sites with no link between them, and says
 * which link to declare.
 */
import type { Collector } from './collector.js';
import type { ResolvedClass, ResolvedLink, ResolvedTier } from './resolved.js';

export function checkSiteCrossings(c: Collector, tiers: readonly ResolvedTier[], classes: readonly ResolvedClass[], links: readonly ResolvedLink[], siteNames: readonly string[]): void {
  const linked = new Set(links.flatMap((l) => [`${l.siteA}-${l.siteB}`, `${l.siteB}-${l.siteA}`]));
  const reported = new Set<string>();
  const check = (k: ResolvedClass, j: number, from: ResolvedTier, to: ResolvedTier, what: string): void => {
    for (const a of new Set(from.servers.map((s) => s.siteIndex))) {
      for (const b of new Set(to.servers.map((s) => s.siteIndex))) {
        const key = a < b ? `${a}-${b}` : `${b}-${a}`;
        if (a === b || linked.has(key) || reported.has(key)) continue;
        reported.add(key);
        const [sa, sb] = [siteNames[a]!, siteNames[b]!];
        c.error(
          ['traffic', 'classes', k.name, 'path', j],
          `${what} from tier "${from.name}" (site ${sa}) to tier "${to.name}" (site ${sb}), but no link joins ${sa} and ${sb}: the crossing would take no time`,
          `declare it in "links" with its latency, e.g. { "between": ["${sa}", "${sb}"], "latency": "10ms" }`,
        );
      }
    }
  };
  for (const k of classes) {
    for (let j = 1; j < k.path.length; j++) {
      const from = tiers[k.path[j - 1]!];
      const to = tiers[k.path[j]!];
      if (from === undefined || to === undefined) continue;
      check(k, j, from, to, 'requests go');
      // The response goes back to the nearest tier before that holds its slot (a nested call), wherever the path ends.
      let h = j - 1;
      while (h >= 0 && tiers[k.path[h]!]?.hold !== true) h--;
      if (h >= 0 && h < j - 1) check(k, j, to, tiers[k.path[h]!]!, 'responses go back');
    }
  }
}
