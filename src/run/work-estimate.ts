/**
 * How much work a scenario asks for, estimated before the run from its
 * resolved parameters, so that `rate: "1e9/s"`, a 1 ns health-check interval,
 * `mtbf: "1ns"` or `duration: "5200w"` are refused in a second instead of
 * running for days (or filling memory).
 *
 * The estimate counts simulation events, per replication then times the
 * replications:
 *
 * - **arrivals**: ∫ λ(t) dt over the run, from the rate profile (phases,
 *   daily curve, rate trace; linear between breakpoints, the last rate held
 *   to the end) times the burstiness' mean multiplier; for a timestamps
 *   trace, its lines up to the end of the run (counted by validation);
 * - **per arrival**: one event for the arrival plus one per tier on its
 *   class's path (the service completion; the tiers from a `calls` tier on
 *   once per expected call, and an emitted request's own with its
 *   probability), plus the expected link crossings (retries are
 *   left out, so this is a floor of the real count, close to it: sofoot,
 *   3.25 estimated for 3.14 measured events per arrival); a population's or
 *   a batch's requests count their own classes' paths;
 * - **per arrival, bandwidth**: one event per transfer through a network
 *   card (the share of the hop's servers that have one), two through an
 *   access link (in, out) when the entry site has one;
 * - **health-check probes**: servers × duration ÷ interval, per checked tier,
 *   and as many for each recovery monitor (a database failover's, an IP
 *   failover's, a DRP's: the monitoring VPS probes the tier's servers too);
 * - **random failures**: 2 events (failure, repair) per up/down cycle,
 *   duration ÷ (mean time to failure + mean time to repair), per server,
 *   host and site with `failures`;
 * - **burstiness** state changes and **autoscaler** evaluations.
 *
 * Beyond {@link DEFAULT_MAX_EVENTS} the CLI refuses the run (exit 2) and
 * says how to lift the limit (`--max-events`).
 */
import type { Distribution } from '../rng/distributions.js';
import { closedArrivals, closedSources } from './closed-work.js';
import type { ResolvedFailures, ResolvedScenario } from '../scenario/resolved.js';
import { traceScanOf } from '../scenario/resolve-traffic.js';
import { ModulationModel } from '../traffic/burstiness.js';

/**
 * Default budget: 2·10⁹ events, about 8 minutes of one core at the
 * engine's 4 M events/s (sofoot-worldcup is 9·10⁶). Longer studies pass
 * `--max-events`.
 */
export const DEFAULT_MAX_EVENTS = 2e9;

/** The engine's speed on one core of the project's machine, for the time a budget stands for (README, Performance). */
export const ENGINE_EVENTS_PER_SECOND = 4e6;

/** A count as a command-line value, rounded up: 220001 → "220001", 3.41e11 → "3.5e11". */
export function flagCount(n: number): string {
  if (n < 1e6) return String(Math.ceil(n));
  const exp = Math.floor(Math.log10(n));
  return `${Math.ceil((n / 10 ** exp) * 10) / 10}e${exp}`;
}

export interface WorkEstimate {
  /** Events of the whole run (all replications). */
  events: number;
  /** Expected arrivals per replication. */
  arrivals: number;
  /** Expected arrivals after the warm-up per replication (NaN when unknown: a timestamps trace). */
  measuredArrivals: number;
  /** Events per replication, by source. */
  perReplication: { requests: number; healthChecks: number; failures: number; burstiness: number; autoscaling: number };
  /** The largest source, for messages: "requests", "healthChecks", …. */
  largest: string;
  /** JSON path of the scenario part that asks for the most events (e.g. "tiers.web.healthCheck.interval"). */
  where: string;
}

/** ∫ of the piecewise-linear rate profile over [a, b] [requests]. */
export function integrateRate(points: ReadonlyArray<readonly [number, number]>, a: number, b: number): number {
  if (!(b > a) || points.length === 0) return 0;
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    const [t0, r0] = points[i]!;
    const next = points[i + 1];
    const [t1, r1] = next ?? [Infinity, r0];
    const lo = Math.max(a, t0);
    const hi = Math.min(b, t1);
    if (!(hi > lo)) continue;
    const rateAt = (t: number): number => (t1 === Infinity || t1 === t0 ? r0 : r0 + ((r1 - r0) * (t - t0)) / (t1 - t0));
    total += ((rateAt(lo) + rateAt(hi)) / 2) * (hi - lo);
  }
  return total;
}

/**
 * Expected service completions of one request of class `c`: one per tier of
 * its path, the tiers from its `calls` tier to the end once per expected
 * call (0 calls skip them), plus an emitted request's arrival and
 * completions with its probability (one level: chains of emits are rare).
 */
function serviceEventsOf(s: ResolvedScenario, c: ResolvedScenario['classes'][number], depth = 0): number {
  const n = c.path.length;
  let events = c.calls ? c.calls.stage + c.calls.meanCount * (n - c.calls.stage) : n;
  // An object-storage PUT is served by each of its replicas (a service completion each).
  for (const ti of c.path) {
    const db = s.tiers[ti]!.database;
    if (c.write && db?.replication === 'object-storage') events += db.replicas - 1;
  }
  if (c.emits && depth === 0) {
    const emitted = s.classes[c.emits.classIndex]!;
    const times = c.emits.afterTier >= 0 && c.calls && c.path.indexOf(c.emits.afterTier) >= c.calls.stage ? c.calls.meanCount : 1;
    events += c.emits.probability * times * (1 + serviceEventsOf(s, emitted, depth + 1));
  }
  return events;
}

/** Expected end-of-transfer events of one request of class `c` on cards and access links (a fair link's crossing is counted twice in crossingsOf). */
function transfersOf(s: ResolvedScenario, c: ResolvedScenario['classes'][number]): number {
  const share = (servers: ReadonlyArray<{ nicBps?: number; siteIndex: number }>, has: (x: { nicBps?: number; siteIndex: number }) => boolean): number =>
    servers.length === 0 ? 0 : servers.filter(has).length / servers.length;
  const cards = c.path.reduce((a, ti) => a + share(s.tiers[ti]!.servers, (x) => x.nicBps !== undefined), 0);
  const first = c.path.length > 0 ? s.tiers[c.path[0]!]!.servers : [];
  const access = s.siteAccessBps === undefined ? 0 : 2 * share(first, (x) => s.siteAccessBps![x.siteIndex] !== undefined);
  return cards + access;
}

function cycles(duration: number, f: ResolvedFailures | undefined): number {
  if (f === undefined) return 0;
  const cycle = meanOf(f.timeToFailure) + meanOf(f.timeToRepair);
  return cycle > 0 ? (2 * duration) / cycle : Infinity;
}

function meanOf(d: Distribution): number {
  return Number.isFinite(d.mean) && d.mean > 0 ? d.mean : 0;
}

/** The probes of a tier's recovery monitors (database failover, IP failover, DRP), each over the tier's servers like a health check. */
function monitorProbes(t: ResolvedScenario['tiers'][number], duration: number, note: (events: number, where: string) => number): number {
  const monitors: Array<[{ intervalSeconds: number } | undefined, string]> = [
    [t.database?.replication === 'async' ? t.database.failover?.monitor : undefined, `tiers.${t.name}.database.failover.monitor.interval`],
    [t.ipFailover?.monitor, `tiers.${t.name}.ipFailover.monitor.interval`],
    [t.drp?.monitor, `tiers.${t.name}.drp.monitor.interval`],
  ];
  return monitors.reduce((a, [m, where]) => a + (m ? note((t.servers.length * duration) / m.intervalSeconds, where) : 0), 0);
}

export function estimateWork(s: ResolvedScenario): WorkEstimate {
  const duration = s.run.durationSeconds;
  let multiplier = 1;
  let burstiness = 0;
  if (s.burstiness) {
    try {
      const m = new ModulationModel(s.burstiness);
      multiplier = m.meanMultiplier;
      let rate = 0; // state changes per second: Σ π_i / h_i
      for (let i = 0; i < m.states; i++) rate += m.stationary[i]! / m.meanHoldingTimes[i]!;
      burstiness = rate * duration;
    } catch {
      // the model reports a bad spec when it is built
    }
  }
  const trace = s.timestampTrace ? traceScanOf(s.timestampTrace) : undefined;
  // Plus what populations and batches send (closed-work.ts).
  const arrivals = (s.timestampTrace ? (trace?.arrivalsInRun ?? 0) : integrateRate(s.ratePoints, 0, duration) * multiplier) + closedArrivals(s, 0, duration);
  const measuredArrivals = s.timestampTrace ? NaN : integrateRate(s.ratePoints, s.run.warmupSeconds, duration) * multiplier + closedArrivals(s, s.run.warmupSeconds, duration);
  const perRequest = (c: ResolvedScenario['classes'][number]): number => serviceEventsOf(s, c) + crossingsOf(s, c) + transfersOf(s, c);
  const perArrival = 1 + s.classes.reduce((a, c) => a + c.share * perRequest(c), 0);
  const openArrivals = arrivals - closedArrivals(s, 0, duration);
  const requestEvents =
    openArrivals * perArrival +
    closedSources(s, 0, duration).reduce((a, src) => a + src.requests * (1 + src.choice.classIndices.reduce((e, ci, k) => e + src.choice.shares[k]! * perRequest(s.classes[ci]!), 0)), 0);
  // The single biggest contributor, to point at it.
  let top = { events: requestEvents, where: s.timestampTrace ? 'traffic.trace.timestamps' : 'traffic' };
  const note = (events: number, where: string): number => {
    if (events > top.events) top = { events, where };
    return events;
  };
  let healthChecks = 0;
  let failures = 0;
  let autoscaling = 0;
  for (const t of s.tiers) {
    if (t.healthCheck) healthChecks += note((t.servers.length * duration) / t.healthCheck.intervalSeconds, `tiers.${t.name}.healthCheck.interval`);
    healthChecks += monitorProbes(t, duration, note);
    failures += note(t.servers.reduce((a, server) => a + cycles(duration, server.failures), 0), `tiers.${t.name}.servers`);
    if (t.autoscaling) autoscaling += note(duration / t.autoscaling.periodSeconds, `tiers.${t.name}.autoscaling.period`);
  }
  for (const g of s.hostGroups) failures += note(g.count * cycles(duration, g.failures), `hosts.${g.name}.failures`);
  s.siteFailures.forEach((f, i) => (failures += note(cycles(duration, f), `sites.${s.sites[i]}.failures`)));
  note(burstiness, 'traffic.burstiness');
  const perReplication = { requests: requestEvents, healthChecks, failures, burstiness, autoscaling };
  const sum = Object.values(perReplication).reduce((a, b) => a + b, 0);
  const largest = Object.entries(perReplication).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return { events: sum * s.run.replications, arrivals, measuredArrivals, perReplication, largest, where: top.where };
}

/** "2.9e+12" → "2.9 × 10¹²"-like text people read: 2,900,000,000,000 is unreadable. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'unbounded';
  if (n < 1e6) return Math.round(n).toLocaleString('en-US');
  const exp = Math.floor(Math.log10(n));
  return `${(n / 10 ** exp).toFixed(1)}e${exp}`;
}

const WHAT: Record<string, string> = {
  requests: 'arrivals and their service (rate × duration)',
  healthChecks: 'health-check probes (servers × duration ÷ interval)',
  failures: 'random failures and repairs (duration ÷ (mtbf + mttr))',
  burstiness: 'burstiness state changes (duration ÷ mean holding time)',
  autoscaling: 'autoscaler evaluations (duration ÷ period)',
};

/** The estimate in one sentence: "about 3.6e12 events (mostly arrivals and their service …) over 1 replication". */
export function describeEstimate(e: WorkEstimate, replications: number): string {
  return `about ${formatCount(e.events)} events (mostly ${WHAT[e.largest] ?? e.largest}) over ${replications} replication${replications > 1 ? 's' : ''}`;
}

/** Where a tier's servers are: the share of its slots in each site. */
function siteShares(s: ResolvedScenario, tier: ResolvedScenario['tiers'][number]): number[] {
  const shares = s.sites.map(() => 0);
  const total = tier.servers.reduce((a, x) => a + x.slots, 0);
  for (const x of tier.servers) shares[x.siteIndex]! += x.slots / Math.max(1, total);
  return shares;
}

/**
 * Expected link crossings of one request of class `c` (each is one event:
 * the arrival at the far server, and the response back to a tier that holds
 * its slot). A hop crosses when the next tier's server is in another site:
 * spread by slots for a balanced tier; a database tier reads in the
 * request's own site when it has a server there, and sends async writes to
 * the master.
 */
function crossingsOf(s: ResolvedScenario, c: ResolvedScenario['classes'][number]): number {
  let crossings = 0;
  let here: number[] | undefined;
  for (const ti of c.path) {
    const tier = s.tiers[ti]!;
    const there = siteShares(s, tier);
    let next = there;
    if (here !== undefined) {
      let cross = 0;
      const db = tier.database;
      if (db?.replication === 'async' && c.write) {
        const master = tier.servers[db.masterIndex]!.siteIndex;
        cross = 1 - here[master]!;
        next = there.map((_, i) => (i === master ? 1 : 0));
      } else if (db !== undefined) {
        // Local when the site has a server; from a site without one, spread like a balanced tier.
        cross = here.reduce((a, p, i) => a + (there[i]! > 0 ? 0 : p), 0);
        next = here.map((p, i) => (there[i]! > 0 ? p : 0));
        const away = 1 - next.reduce((a, b) => a + b, 0);
        next = next.map((p, i) => p + away * there[i]!);
      } else {
        cross = 1 - here.reduce((a, p, i) => a + p * there[i]!, 0);
      }
      // A tier that holds its slot gets the response back across the same link.
      const held = s.tiers[c.path[c.path.indexOf(ti) - 1]!]!.hold;
      // A fair-shared link ends each transfer with an event of its own (fair-share.ts): two per crossing.
      const fair = s.links.some((l) => l.sharing === 'fair') ? 2 : 1;
      crossings += cross * (held ? 2 : 1) * fair;
    }
    here = next;
  }
  return crossings;
}
