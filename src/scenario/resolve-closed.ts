/**
 * Resolution of `traffic.populations` and `traffic.batches`: class
 * references, delays into distributions, release times and deadlines.
 */
import { Exponential, type Distribution } from '../rng/distributions.js';
import { buildDistribution } from './build-distribution.js';
import type { Collector, Path } from './collector.js';
import type { ResolvedBatch, ResolvedClassChoice, ResolvedPopulation } from './resolved-closed.js';
import type { DistributionSpec, ScenarioParsed } from './schema.js';

type Traffic = ScenarioParsed['traffic'];

/** The names of the classes used by a population or a batch (they take no part in the open stream). */
export function closedClassNames(t: Traffic): Set<string> {
  const names = new Set<string>();
  for (const x of [...Object.values(t.populations ?? {}), ...Object.values(t.batches ?? {})]) {
    if (x.class !== undefined) names.add(x.class);
    for (const k of Object.keys(x.classes ?? {})) names.add(k);
  }
  return names;
}

function delay(c: Collector, path: Path, v: string | DistributionSpec): Distribution | undefined {
  if (typeof v !== 'string') return buildDistribution(c, path, v);
  const mean = c.seconds(path, v);
  if (!(mean > 0)) {
    c.error(path, `must be longer than zero, got ${JSON.stringify(v)}`, 'give a mean such as "5s"');
    return undefined;
  }
  return new Exponential(mean);
}

function classChoice(c: Collector, path: Path, x: { class?: string | undefined; classes?: Record<string, number> | undefined }, classNames: readonly string[]): ResolvedClassChoice {
  if ((x.class === undefined) === (x.classes === undefined)) {
    c.error(path, 'give exactly one of "class" or "classes"', 'e.g. "class": "desktop"');
    return { classIndices: [], shares: [] };
  }
  const entries = x.class !== undefined ? [[x.class, 1] as const] : Object.entries(x.classes!);
  const total = entries.reduce((a, [, s]) => a + s, 0);
  const out: ResolvedClassChoice = { classIndices: [], shares: [] };
  for (const [name, share] of entries) {
    const at: Path = x.class !== undefined ? [...path, 'class'] : [...path, 'classes', name];
    if (!c.reference(at, name, classNames, 'request class')) continue;
    out.classIndices.push(classNames.indexOf(name));
    out.shares.push(share / total);
  }
  return out;
}

/**
 * A batch's `bytes` become the request size of its classes (for now: a job
 * of bytes is requests of that size; they cross links with it).
 */
export function applyJobBytes(classes: Array<{ requestBytes: number }>, batches: readonly ResolvedBatch[]): void {
  for (const b of batches) if (b.requestBytes !== undefined) for (const i of b.classIndices) classes[i]!.requestBytes = b.requestBytes;
}

export function resolvePopulations(c: Collector, t: Traffic, classNames: readonly string[]): ResolvedPopulation[] {
  const out: ResolvedPopulation[] = [];
  for (const [name, p] of Object.entries(t.populations ?? {})) {
    const path: Path = ['traffic', 'populations', name];
    const choice = classChoice(c, path, p, classNames);
    const thinkTime = delay(c, [...path, 'thinkTime'], p.thinkTime);
    const length = p.session ? delay(c, [...path, 'session', 'length'], p.session.length) : undefined;
    const gap = p.session ? delay(c, [...path, 'session', 'gap'], p.session.gap) : undefined;
    if (thinkTime === undefined || (p.session && (length === undefined || gap === undefined))) continue;
    out.push({ name, users: p.users, ...choice, thinkTime, ...(length && gap ? { session: { length, gap } } : {}) });
  }
  return out;
}

export function resolveBatches(c: Collector, t: Traffic, classNames: readonly string[], durationSeconds: number): ResolvedBatch[] {
  const out: ResolvedBatch[] = [];
  for (const [name, b] of Object.entries(t.batches ?? {})) {
    const path: Path = ['traffic', 'batches', name];
    const choice = classChoice(c, path, b, classNames);
    const atSeconds = c.seconds([...path, 'at'], b.at);
    const everySeconds = b.every === undefined ? Infinity : c.seconds([...path, 'every'], b.every);
    const spreadSeconds = b.spread ? c.seconds([...path, 'spread', 'over'], b.spread.over) : 0;
    const deadlineSeconds = b.deadline === undefined ? Infinity : c.seconds([...path, 'deadline'], b.deadline);
    const [requestsMin, requestsMax] = typeof b.requests === 'number' ? [b.requests, b.requests] : [b.requests.min, b.requests.max];
    if (!(everySeconds > 0)) c.error([...path, 'every'], `must be longer than zero, got ${JSON.stringify(b.every)}`);
    if (atSeconds >= durationSeconds) c.error([...path, 'at'], `the batch is released at ${b.at}, not before the end of the run`, 'release it earlier or lengthen run.duration');
    if (spreadSeconds > everySeconds) c.error([...path, 'spread', 'over'], `the release window (${b.spread?.over}) is longer than the period (${b.every})`, 'shorten "over" or lengthen "every"');
    if (!(deadlineSeconds > 0)) c.error([...path, 'deadline'], `must be longer than zero, got ${JSON.stringify(b.deadline)}`);
    if (requestsMax < requestsMin) c.error([...path, 'requests', 'max'], `must be at least min (${requestsMin}), got ${requestsMax}`);
    const requestBytes = b.bytes === undefined ? undefined : c.bytes([...path, 'bytes'], b.bytes);
    out.push({
      name,
      jobs: b.jobs,
      ...choice,
      atSeconds,
      everySeconds,
      spreadSeconds,
      spread: b.spread?.how ?? 'uniform',
      requestsMin,
      requestsMax,
      deadlineSeconds,
      ...(requestBytes !== undefined ? { requestBytes } : {}),
    });
  }
  return out;
}
