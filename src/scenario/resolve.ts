/**
 * Resolution: a shape-valid scenario → the plain typed objects the model
 * consumes, with semantic checks (references, ordering, capacity), every
 * problem collected rather than the first thrown.
 */
import { MAX_HOLDS } from './limits.js';
import { resolveLinks } from './resolve-links.js';
import { resolveClasses } from './resolve-classes.js';
import { resolveFanoutClasses } from './resolve-fanout.js';
import { resolveTier } from './resolve-tier.js';
import type { ResolvedClass, ResolvedScenario, ResolvedServer, ResolvedTier } from './resolved.js';
import { checkOfferedLoad } from './offered-load.js';
import { checkSiteCrossings } from './site-crossings.js';
import { resolveIncidents } from './resolve-infrastructure.js';
import { placeVms, resolveFailures, resolveHostGroups } from './resolve-failures.js';
import { Collector, type Path } from './collector.js';
import { resolveArrivals } from './resolve-streams.js';
import { clockStartOf, resolveRunCalendar } from './resolve-calendar.js';
import { resolveCalendar, resolveWindow } from './resolve-windows.js';
import { resolveRecovery } from './resolve-recovery.js';
import { resolveCost } from './resolve-elastic.js';
import type { Problem } from './scenario-error.js';
import type { ScenarioParsed } from './schema.js';
import { resolveSlo, sloNamesOf } from './resolve-slo.js';
import { checkSizeLimits } from './size-limits.js';
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

  const traffic = resolveArrivals(c, parsed, durationSeconds, classes, fileOf, runCalendar);
  const peak = traffic.ratePoints ? peakRate(traffic.ratePoints) : NaN;

  const tiers: ResolvedTier[] = [];
  for (const [tierName, t] of Object.entries(parsed.tiers)) tiers.push(resolveTier(c, tierName, t, { siteNames, hostGroupNames, classes, classNames, tierIndex: tiers.length, vms }));

  checkSiteCrossings(c, tiers, classes, links, siteNames);
  // Offered load at the peak rate against each tier's capacity (caches and holds count: see offered-load.ts).
  if (Number.isFinite(peak)) checkOfferedLoad(c, tiers, classes, links, peak);

  checkHolds(c, classes, tiers);

  placeVms(c, hostGroups, vms, siteNames);
  const incidents = resolveIncidents(c, parsed.incidents ?? [], siteNames, tiers, hostGroups, links, clockStartOf(runCalendar, {
    startsAt: parsed.traffic.daily?.startsAt ?? '00:00',
    startDay: parsed.traffic.daily?.startDay ?? 'monday',
  }));
  resolveRecovery(c, parsed, tiers, incidents);

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
      links,
      clients: parsed.traffic.clients,
      classes,
      ratePoints: traffic.ratePoints ?? [[0, 0]],
      ...(traffic.burstiness ? { burstiness: traffic.burstiness } : {}),
      ...(traffic.classStreams ? { classStreams: traffic.classStreams } : {}),
      ...(traffic.timestampTrace ? { timestampTrace: traffic.timestampTrace } : {}),
      tiers,
      incidents,
      slo,
      ...(cost ? { cost } : {}),
    },
  };
}
