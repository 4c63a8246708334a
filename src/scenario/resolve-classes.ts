/** Resolution of the request classes: shares, paths (tier indices), timeouts, retries, sizes. */
import type { Collector, Path } from './collector.js';
import type { ResolvedClass } from './resolved.js';
import type { ScenarioParsed } from './schema.js';

export function resolveClasses(c: Collector, parsed: ScenarioParsed, classNames: readonly string[], tierNames: readonly string[]): ResolvedClass[] {
  if (classNames.length === 0) c.error(['traffic', 'classes'], 'at least one request class is needed');
  const classes: ResolvedClass[] = [];
  const totalShare = Object.values(parsed.traffic.classes).reduce((a, k) => a + (k.share ?? 0), 0);
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
      share: (k.share ?? 0) / (totalShare || 1), // a class with its own stream: its share of arrivals is set by resolve-streams.ts
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
