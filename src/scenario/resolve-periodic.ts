/** Resolution of an async database's periodic copies (schema-periodic.ts). */
import type { Collector, Path } from './collector.js';

export function resolvePeriodicCopy(
  c: Collector,
  path: Path,
  p: { every: string; duration: string; offset: string } | undefined,
): { periodicCopy?: { everySeconds: number; durationSeconds: number; offsetSeconds: number } } {
  if (p === undefined) return {};
  const pp: Path = [...path, 'periodicCopy'];
  const everySeconds = c.seconds([...pp, 'every'], p.every);
  const durationSeconds = c.seconds([...pp, 'duration'], p.duration);
  if (!(everySeconds > 0)) c.error([...pp, 'every'], `must be longer than zero, got ${JSON.stringify(p.every)}`, 'rsync from cron every "15min"');
  else if (durationSeconds >= everySeconds) c.error([...pp, 'duration'], `a copy takes ${p.duration}, not less than the ${p.every} between two`, 'copy less often, or faster');
  return { periodicCopy: { everySeconds, durationSeconds, offsetSeconds: c.seconds([...pp, 'offset'], p.offset) } };
}
