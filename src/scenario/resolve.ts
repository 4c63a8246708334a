/**
 * Resolution: a shape-valid scenario → the plain typed objects the model
 * consumes, with semantic checks (references, ordering, capacity), every
 * problem collected rather than the first thrown.
 */
import { MAX_HOLDS } from './limits.js';
import { resolveLinks } from './resolve-links.js';
import { resolveMoreFailures } from './resolve-more-failures.js';
import { splitCorruptions } from './resolve-corruption.js';
import { resolveClasses } from './resolve-classes.js';
import { resolveFanoutClasses } from './resolve-fanout.js';
import { resolveBandwidth } from './resolve-bandwidth.js';
import { resolveTier } from './resolve-tier.js';
import type { ResolvedClass, ResolvedScenario, ResolvedServer, ResolvedTier } from './resolved.js';
import { checkOfferedLoad, classStreamMoments } from './offered-load.js';
import { checkSiteCrossings } from './site-crossings.js';
import { resolveIncidents } from './resolve-infrastructure.js';
import { resolveFailures, resolveHostGroups } from './resolve-failures.js';
import { placeVmsWithRules } from './resolve-placement.js';
import { Collector, type Path } from './collector.js';
import { resolveArrivals } from './resolve-streams.js';
import { clockStartOf, resolveRunCalendar } from './resolve-calendar.js';
import { applyJobBytes, resolveBatches, resolvePopulations } from './resolve-closed.js';
import { resolveCalendar, resolveWindow } from './resolve-windows.js';
import { resolveRecovery } from './resolve-recovery.js';
import { resolveCost } from './resolve-elastic.js';
import type { Problem } from './scenario-error.js';
import type { ScenarioParsed } from './schema.js';
import { resolveSlo, sloNamesOf } from './resolve-slo.js';
import { checkSizeLimits } from './size-limits.js';
import { applyMachineCounts, attachMachines } from './resolve-machines.js';
import type { FileOf } from './zod-problems.js';

/** The run's length and warm-up [s]; the warm-up must leave something to measure. */
function resolveRunLength(c: Collector, run: ScenarioParsed['run']): { durationSeconds: number; warmupSeconds: number } {
  const durationSeconds = c.seconds(['run', 'duration'], run.duration);
  const warmupSeconds = c.seconds(['run', 'warmup'], run.warmup);
  if (!(durationSeconds > 0)) c.error(['run', 'duration'], `must be longer than zero, got ${JSON.stringify(run.duration)}`);
  if (warmupSeconds >= durationSeconds) {
    c.error(
      ['run', 'warmup'],
      `the warm-up (${run.warmup}) is not shorter than the run (${run.duration}): nothing would be measured`,
      'shorten "warmup" or lengthen "duration"',
    );
  }
  return { durationSeconds, warmupSeconds };
}

/** At most MAX_HOLDS tiers on one path may hold their slot. */
function checkHolds(c: Collector, classes: readonly ResolvedClass[], tiers: readonly ResolvedTier[]): void {
  for (const k of classes) {
    const holding = k.path.slice(0, -1).filter((ti) => tiers[ti]?.hold).length;
    if (holding > MAX_HOLDS) {
      c.error(['traffic', 'classes', k.name, 'path'], `${holding} tiers on this path hold their slot; at most ${MAX_HOLDS} can`);
    }
  }
}

/** The run's settings besides its length. */
function runSettings(run: ScenarioParsed['run'], windowSeconds: number | undefined): Omit<ResolvedScenario['run'], 'durationSeconds' | 'warmupSeconds'> {
  return {
    seed: run.seed,
    replications: run.replications,
    maxRequestsInSystem: run.maxRequestsInSystem,
    ...(windowSeconds !== undefined ? { windowSeconds } : {}),
  };
}

function peakRate(points: Array<[number, number]>): number {
  return points.reduce((m, [, r]) => Math.max(m, r), 0);
}

/** The arrivals (a shared stream, or one per class), the closed populations and the batches. */
function resolveWorkload(
  c: Collector,
  parsed: ScenarioParsed,
  w: { classes: ResolvedClass[]; classNames: string[]; durationSeconds: number; fileOf: FileOf; runCalendar: Parameters<typeof resolveArrivals>[5] },
) {
  const traffic = resolveArrivals(c, parsed, w.durationSeconds, w.classes, w.fileOf, w.runCalendar);
  const populations = resolvePopulations(c, parsed.traffic, w.classNames);
  const batches = resolveBatches(c, parsed.traffic, w.classNames, w.durationSeconds);
  applyJobBytes(w.classes, batches);
  return { traffic, populations, batches };
}

/** Scheduled incidents (corruptions handed to their tier's backups), recovery, and the random failures beyond servers, hosts and sites. */
function resolveFaults(c: Collector, parsed: ScenarioParsed, f: { siteNames: string[]; tiers: ResolvedTier[]; hostGroups: Parameters<typeof resolveIncidents>[4]; links: Parameters<typeof resolveIncidents>[5]; runCalendar: Parameters<typeof clockStartOf>[0]; machines: Parameters<typeof resolveIncidents>[7] }) {
  const allIncidents = resolveIncidents(c, parsed.incidents ?? [], f.siteNames, f.tiers, f.hostGroups, f.links, clockStartOf(f.runCalendar, {
    startsAt: parsed.traffic.daily?.startsAt ?? '00:00',
    startDay: parsed.traffic.daily?.startDay ?? 'monday',
  }), f.machines);
  resolveRecovery(c, parsed, f.tiers, allIncidents);
  // Corruptions go to their tier's backups; the rest are played as crashes.
  const incidents = splitCorruptions(c, allIncidents, f.tiers, (inc) => allIncidents.indexOf(inc));
  const moreFailures = resolveMoreFailures(c, parsed, f.tiers);
  return { incidents, moreFailures };
}

/**
 * Resolve a parsed scenario. Returns the scenario (when there is no error)
 * and every problem found, warnings included.
 */
export function resolveScenario(
  parsed: ScenarioParsed,
  file: string,
  fileOf: FileOf = () => file,
): { scenario?: ResolvedScenario; problems: Problem[] } {
  const c = new Collector(fileOf);
  if (!checkSizeLimits(c, parsed)) return { problems: c.problems }; // before anything is built
  parsed = applyMachineCounts(c, parsed); // each group on a machine gets the machine's count
  const siteNames = Object.keys(parsed.sites);
  const tierNames = Object.keys(parsed.tiers);
  const classNames = Object.keys(parsed.traffic.classes);
  const { durationSeconds, warmupSeconds } = resolveRunLength(c, parsed.run);
  const windowSeconds = resolveWindow(c, parsed.run, durationSeconds - warmupSeconds);
  const runCalendar = resolveRunCalendar(c, parsed.run, durationSeconds);
  const calendar = resolveCalendar(parsed, runCalendar);

  const siteFailures = siteNames.map((name) => resolveFailures(c, ['sites', name, 'failures'], parsed.sites[name]!.failures));
  const hostGroups = resolveHostGroups(c, parsed.hosts, siteNames);
  const hostGroupNames = hostGroups.map((g) => g.name);
  const vms: Array<{ path: Path; server: ResolvedServer }> = [];
  const links = resolveLinks(c, parsed, siteNames);
  const classes = resolveClasses(c, parsed, classNames, tierNames);
  resolveFanoutClasses(c, parsed, classes, classNames, tierNames); // calls, emits, keys: before the tiers (by-key reads the keys)

  const { traffic, populations, batches } = resolveWorkload(c, parsed, { classes, classNames, durationSeconds, fileOf, runCalendar });
  const peak = traffic.ratePoints ? peakRate(traffic.ratePoints) : NaN;

  const tiers: ResolvedTier[] = [];
  for (const [tierName, t] of Object.entries(parsed.tiers)) tiers.push(resolveTier(c, tierName, t, { siteNames, hostGroupNames, classes, classNames, tierIndex: tiers.length, vms }));

  const bandwidth = resolveBandwidth(c, parsed, { siteNames, tierNames, classes, tiers });

  const machines = attachMachines(c, parsed, tiers, { siteNames, hostGroupNames, vms });
  checkSiteCrossings(c, tiers, classes, links, siteNames);
  // Offered load at the peak rate against each tier's capacity (caches and holds count: see offered-load.ts).
  // With a stream per class, the mix changes over time: every breakpoint of the classes' profiles is checked, not the total's peak at the run's average mix.
  if (Number.isFinite(peak)) checkOfferedLoad(c, tiers, classes, links, peak, traffic.classStreams ? classStreamMoments(traffic.classStreams) : undefined);

  checkHolds(c, classes, tiers);

  placeVmsWithRules(c, hostGroups, vms, siteNames, parsed.hosts); // anti-affinity rules, FT shadows
  const { incidents, moreFailures } = resolveFaults(c, parsed, { siteNames, tiers, hostGroups, links, runCalendar, machines });

  const cost = resolveCost(c, parsed, tiers);
  const slo = resolveSlo(c, parsed.slo, sloNamesOf(classNames, siteNames, tiers, cost));
  const problems = c.problems;
  if (problems.some((p) => p.severity === 'error')) return { problems };
  return {
    problems,
    scenario: {
      file,
      name: parsed.name,
      ...(parsed.description !== undefined ? { description: parsed.description } : {}),
      ...(parsed.source !== undefined ? { source: parsed.source } : {}),
      assumptions: parsed.assumptions ?? [],
      run: { durationSeconds, warmupSeconds, ...runSettings(parsed.run, windowSeconds) },
      ...(calendar ? { calendar } : {}),
      sites: siteNames,
      siteFailures,
      hostGroups,
      ...(machines ? { machines } : {}),
      links,
      ...bandwidth,
      clients: parsed.traffic.clients,
      classes,
      ratePoints: traffic.ratePoints ?? [[0, 0]],
      ...(traffic.burstiness ? { burstiness: traffic.burstiness } : {}),
      ...(traffic.classStreams ? { classStreams: traffic.classStreams } : {}),
      ...(traffic.timestampTrace ? { timestampTrace: traffic.timestampTrace } : {}),
      tiers,
      incidents,
      ...(moreFailures.length > 0 ? { moreFailures } : {}),
      slo,
      ...(cost ? { cost } : {}),
      ...(populations.length > 0 ? { populations } : {}),
      ...(batches.length > 0 ? { batches } : {}),
    },
  };
}
