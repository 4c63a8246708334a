/**
 * The offered-load check of `validate`: at the peak rate, is each tier
 * busier than its capacity? Caches and `hold` count:
 *
 * - a cache hit ends the path, so the tiers after a cache see only its
 *   misses, and a hit costs the cache's hit service time, not the tier's;
 * - a tier that holds its slot keeps it while the rest of the path answers:
 *   the later tiers' service times and the link latencies there and back
 *   (their queueing is not counted, so the figure is a lower bound).
 *
 * With traffic spread in proportion to capacity (slots × speed), a slot of
 * server s is busy own/speedₛ + held per request, so the tier's utilisation
 * is ρ = λ·own / Σ slots·speed + λ·held / Σ slots.
 *
 * Fan-out multiplies the rate from the called tier on by the mean call
 * count, and a class that others emit arrives at their rate × probability.
 * (The time a holding tier waits for several calls is not multiplied: a
 * lower bound again.)
 */
import { RateProfile } from '../traffic/rate-profile.js';
import type { Collector } from './collector.js';
import type { ResolvedClass, ResolvedLink, ResolvedTier } from './resolved.js';

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Mean one-way latency between the servers of two tiers, over their pairs [s] (0 within a site or without a link). */
function crossingSeconds(a: ResolvedTier, b: ResolvedTier, links: readonly ResolvedLink[]): number {
  let sum = 0;
  for (const x of a.servers) {
    for (const y of b.servers) {
      if (x.siteIndex === y.siteIndex) continue;
      const l = links.find((k) => (k.siteA === x.siteIndex && k.siteB === y.siteIndex) || (k.siteA === y.siteIndex && k.siteB === x.siteIndex));
      sum += l?.latency.mean ?? 0;
    }
  }
  const pairs = a.servers.length * b.servers.length;
  return pairs > 0 ? sum / pairs : 0;
}

/** Hit ratio of the tier's cache for class `ci` (0 without a cache). */
function hitRatio(t: ResolvedTier, ci: number): number {
  return t.cache?.hitRatioByClass[ci] ?? 0;
}

/** Mean time one request of class `ci` spends served at tier `t` on the reference machine (cache hits at their own cost) [s]. */
function ownSeconds(t: ResolvedTier, ci: number): number {
  const h = hitRatio(t, ci);
  const miss = t.serviceTimeByClass[ci]?.mean ?? 0;
  const hit = t.cache?.hitServiceByClass[ci]?.mean ?? 0;
  return (1 - h) * miss + h * hit;
}

/** Mean wall time of the rest of class `ci`'s path after position `j`: service (at the tiers' mean speed) and link latency both ways [s]. */
function restOfPathSeconds(tiers: readonly ResolvedTier[], links: readonly ResolvedLink[], path: readonly number[], ci: number, j: number): number {
  let reach = 1;
  let total = 0;
  for (let k = j + 1; k < path.length; k++) {
    const t = tiers[path[k]!]!;
    const meanSpeed = t.servers.reduce((a, s) => a + s.speed, 0) / Math.max(1, t.servers.length);
    total += reach * (ownSeconds(t, ci) / meanSpeed + 2 * crossingSeconds(tiers[path[k - 1]!]!, t, links));
    reach *= 1 - hitRatio(t, ci);
  }
  return total;
}

/** Calls reaching position `j` of class `k`'s path per request (fan-out: its mean count from the called tier on). */
function callsAt(k: ResolvedClass, j: number): number {
  return k.calls !== undefined && j >= k.calls.stage ? k.calls.meanCount : 1;
}

/**
 * Each class's arrivals per second (or as a share of a rate): its own plus
 * what the classes that emit it send (their successes × probability, upper
 * bound).
 */
function arrivalRates(classes: readonly ResolvedClass[], own: readonly number[]): number[] {
  let rates = [...own];
  // Emits have no cycle (resolve-fanout.ts refuses them): a chain is at most as long as the number of classes.
  for (let round = 0; round < classes.length; round++) {
    const next = [...own];
    classes.forEach((k, i) => {
      if (k.emits === undefined) return;
      const perRequest = k.emits.afterTier >= 0 ? callsAt(k, k.path.indexOf(k.emits.afterTier)) : 1;
      next[k.emits.classIndex]! += rates[i]! * k.emits.probability * perRequest;
    });
    rates = next;
  }
  return rates;
}

/**
 * The moments to check: the peak of the shared stream, split by the
 * classes' shares; with a stream per class, every breakpoint of any class's
 * profile, where the total of piecewise-linear rates takes its largest
 * value for every tier (each tier weighs the classes differently).
 */
export interface OfferedRates {
  /** Time [s] of the moment, shown when the classes have streams of their own. */
  atSeconds?: number;
  /** Arrival rate of each class's own stream at that moment [requests/s]. */
  rates: number[];
}

/** The moments of a scenario with a stream per class (see OfferedRates): each breakpoint, just before it and from it on (a step has two sides). */
export function classStreamMoments(streams: ReadonlyArray<{ ratePoints: Array<[number, number]> }>): OfferedRates[] {
  const times = [...new Set(streams.flatMap((s) => s.ratePoints.map(([t]) => t)))].sort((a, b) => a - b);
  // In increasing time, each profile's cursor moves forward only: linear in the breakpoints.
  const profiles = streams.map((s) => new RateProfile(s.ratePoints));
  return times.flatMap((t) => [
    { atSeconds: t, rates: profiles.map((p) => p.rateBefore(t)) },
    { atSeconds: t, rates: profiles.map((p) => p.rateAt(t)) },
  ]);
}

/** Seconds as the warning shows them (1h30min, 45s). */
function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = Math.round((seconds % 60) * 100) / 100;
  return [h > 0 ? `${h}h` : '', m > 0 ? `${m}min` : '', sec > 0 || (h === 0 && m === 0) ? `${sec}s` : ''].join('');
}

/**
 * Warn about every tier offered more than its capacity at the peak rate
 * `peak` [requests/s] of the shared stream (split by the classes' shares),
 * or, with `moments`, at the busiest of those moments for that tier.
 */
export function checkOfferedLoad(c: Collector, tiers: readonly ResolvedTier[], classes: readonly ResolvedClass[], links: readonly ResolvedLink[], peak: number, moments?: readonly OfferedRates[]): void {
  const sets = moments ?? [{ rates: classes.map((k) => peak * k.share) }];
  const arrivals = sets.map((m) => ({ atSeconds: m.atSeconds, rates: arrivalRates(classes, m.rates) }));
  tiers.forEach((t, ti) => {
    const reference = t.servers.reduce((a, s) => a + (t.discipline === 'ps' ? Math.min(s.cores, s.slots) : s.slots) * s.speed, 0);
    // Held workers take slots, not cores (processor sharing: they wait on I/O), so held time is a share of the slots.
    const slots = t.servers.reduce((a, s) => a + (t.discipline === 'ps' && !t.hold ? Math.min(s.cores, s.slots) : s.slots), 0);
    if (!(reference > 0)) return;
    let worst: { work: number; held: number; rho: number; atSeconds: number | undefined; total: number } | undefined;
    for (const m of arrivals) {
      const { work, held } = tierLoad(tiers, links, classes, ti, m.rates);
      if (!Number.isFinite(work + held)) continue;
      const rho = work / reference + held / slots;
      if (worst === undefined || rho > worst.rho) worst = { work, held, rho, atSeconds: m.atSeconds, total: m.rates.reduce((a, b) => a + b, 0) };
    }
    if (worst === undefined || worst.rho <= 1) return;
    const rhoHeld = worst.held / slots;
    const heldText = rhoHeld > 0 ? `, ${round(rhoHeld)} of it slots held while later tiers answer, not counting their queueing` : '';
    const when = moments === undefined ? `at the peak rate of ${round(peak)}/s` : `at its busiest, t = ${clock(worst.atSeconds ?? 0)} (${round(worst.total)} requests/s in all, the classes' own streams)`;
    c.warn(
      ['tiers', t.name],
      `${when} the offered load is ${round(worst.work + worst.held * (reference / slots))} busy slots but the tier has ${round(reference)} (ρ = ${round(worst.rho)}${heldText}): its queue will grow without bound during the peak`,
      'add servers or slots, or lower the rate',
    );
  });
}

/** Tier `ti`'s load from classes arriving at `rates` [requests/s]: reference-machine seconds of service per second, and slot-seconds held per second while later tiers answer. */
function tierLoad(tiers: readonly ResolvedTier[], links: readonly ResolvedLink[], classes: readonly ResolvedClass[], ti: number, rates: readonly number[]): { work: number; held: number } {
  const t = tiers[ti]!;
  let work = 0;
  let held = 0;
  classes.forEach((k, ci) => {
    let reach = 1;
    k.path.forEach((pi, j) => {
      const here = tiers[pi]!;
      if (pi === ti) {
        const rate = rates[ci]! * reach * callsAt(k, j);
        work += rate * ownSeconds(t, ci);
        if (t.hold && j < k.path.length - 1) held += rate * (1 - hitRatio(t, ci)) * restOfPathSeconds(tiers, links, k.path, ci, j);
      }
      reach *= 1 - hitRatio(here, ci);
    });
  });
  return { work, held };
}
