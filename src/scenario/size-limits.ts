/**
 * Limits on the size of the model a scenario builds, checked before
 * anything is built, so `count: 1e9` is refused at once instead of growing
 * the process past several gigabytes.
 *
 * - at most {@link MAX_SERVERS} servers in all, counting every instance an
 *   elastic group may start (its `autoscaling.max`), since they are all
 *   built;
 * - at most {@link MAX_HOSTS} physical hosts in all.
 *
 * The largest infrastructures of the case-studies book have a few dozen
 * servers; ten thousand leaves room for what-if studies while keeping a
 * replication's memory in the hundreds of megabytes.
 */
import type { Collector } from './collector.js';
import { builtCount } from './resolve-elastic.js';
import type { ScenarioParsed } from './schema.js';

export const MAX_SERVERS = 10_000;
export const MAX_HOSTS = 10_000;

/** False (with an error naming the largest group) when the scenario is too big to build. */
export function checkSizeLimits(c: Collector, parsed: ScenarioParsed): boolean {
  let ok = true;
  let servers = 0;
  let largest: { path: Array<string | number>; n: number; elastic: boolean } | undefined;
  for (const [tierName, t] of Object.entries(parsed.tiers)) {
    t.servers.forEach((g, gi) => {
      const n = builtCount(t, g);
      servers += n;
      if (largest === undefined || n > largest.n) largest = { path: ['tiers', tierName, 'servers', gi, 'count'], n, elastic: n !== g.count };
    });
  }
  if (servers > MAX_SERVERS && largest !== undefined) {
    if (largest.elastic) largest.path.splice(-3, 3, 'autoscaling', 'max');
    c.error(
      largest.path,
      `the scenario builds ${servers.toLocaleString('en-US')} servers (this group ${largest.n.toLocaleString('en-US')}); at most ${MAX_SERVERS.toLocaleString('en-US')} are simulated`,
      'model a large pool as fewer servers with more slots (the same capacity), or simulate one part of it',
    );
    ok = false;
  }
  let hosts = 0;
  let biggest: { name: string; n: number } | undefined;
  for (const [name, h] of Object.entries(parsed.hosts ?? {})) {
    hosts += h.count;
    if (biggest === undefined || h.count > biggest.n) biggest = { name, n: h.count };
  }
  if (hosts > MAX_HOSTS && biggest !== undefined) {
    c.error(['hosts', biggest.name, 'count'], `the scenario has ${hosts.toLocaleString('en-US')} hosts; at most ${MAX_HOSTS.toLocaleString('en-US')} are simulated`, 'use fewer, larger hosts');
    ok = false;
  }
  return ok;
}
