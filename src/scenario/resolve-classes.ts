/** Resolution of the request classes: shares, paths (tier indices), timeouts, retries, sizes. */
import type { Collector, Path } from './collector.js';
import type { ResolvedClass } from './resolved.js';
import type { ScenarioParsed } from './schema.js';
import { closedClassNames } from './resolve-closed.js';

export function resolveClasses(c: Collector, parsed: ScenarioParsed, classNames: readonly string[], tierNames: readonly string[]): ResolvedClass[] {
  if (classNames.length === 0) c.error(['traffic', 'classes'], 'at least one request class is needed');
  const classes: ResolvedClass[] = [];
  // The classes of populations and batches take no part in the open stream (share 0), unless every class is closed:
  // then they share equally, which only weighs them in the availability by time (the open rate is 0).
  // A missing share of an open class is reported by resolve-streams.ts (a class with its own stream needs none).
  const closed = closedClassNames(parsed.traffic);
  const allClosed = classNames.every((n) => closed.has(n));
  const openShare = (name: string, share: number | undefined): number => (allClosed ? 1 : closed.has(name) ? 0 : (share ?? 0));
  if (allClosed && (parsed.traffic.phases !== undefined || parsed.traffic.trace !== undefined)) {
    c.error(['traffic', 'phases'], 'every class belongs to a population or batch, so the open stream has no class to carry', 'remove "phases"/"trace", or add a class with a "share"');
  }
  const totalShare = Object.entries(parsed.traffic.classes).reduce((a, [name, k]) => a + openShare(name, k.share), 0);
  for (const [name, k] of Object.entries(parsed.traffic.classes)) {
    const path: number[] = [];
    k.path.forEach((tier, i) => {
      if (c.reference(['traffic', 'classes', name, 'path', i], tier, tierNames, 'tier')) path.push(tierNames.indexOf(tier));
    });
    const cpath: Path = ['traffic', 'classes', name];
    const timeoutSeconds = k.timeout === undefined ? Infinity : c.seconds([...cpath, 'timeout'], k.timeout);
    if (!(timeoutSeconds > 0)) c.error([...cpath, 'timeout'], `must be longer than zero, got ${JSON.stringify(k.timeout)}`);
    classes.push({
      name,
      share: openShare(name, k.share) / (totalShare || 1), // a class with its own stream: its share of arrivals is set by resolve-streams.ts
      path,
      write: k.write,
      timeoutSeconds,
      retries: k.retries,
      retryAfterSeconds: c.seconds([...cpath, 'retryAfter'], k.retryAfter),
      requestBytes: c.bytes([...cpath, 'requestSize'], k.requestSize),
      responseBytes: c.bytes([...cpath, 'responseSize'], k.responseSize),
    });
  }

  return classes;
}
