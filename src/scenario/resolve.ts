/**
 * Resolution: a shape-valid scenario → the plain typed objects the model
 * consumes, with semantic checks (references, ordering, capacity), every
 * problem collected rather than the first thrown.
 */
import {
  BoundedPareto,
  Constant,
  Empirical,
  Erlang,
  Exponential,
  Gamma,
  LogNormal,
  Normal,
  Uniform,
  Weibull,
  type Distribution,
} from '../rng/distributions.js';
import type { ResolvedClass, ResolvedScenario, ResolvedServer, ResolvedTier, SloRule } from './resolved.js';
import { Collector, type Path } from './collector.js';
import { resolveTraffic } from './resolve-traffic.js';
import type { Problem } from './scenario-error.js';
import type { DistributionSpec, ScenarioParsed } from './schema.js';
import { SLO_METRICS } from './slo-metrics.js';
import { formatDuration } from './units.js';
import type { FileOf } from './zod-problems.js';

function buildDistribution(c: Collector, path: Path, spec: DistributionSpec): Distribution | undefined {
  const d = buildDistributionUnchecked(c, path, spec);
  if (d !== undefined && !(Number.isFinite(d.mean) && d.variance >= 0)) {
    c.error(path, `the parameters give a distribution without a finite mean (${d.describe()})`, 'use smaller parameters');
    return undefined;
  }
  return d;
}

function buildDistributionUnchecked(c: Collector, path: Path, spec: DistributionSpec): Distribution | undefined {
  const s = (k: string, v: unknown): number => c.seconds([...path, k], v);
  try {
    switch (spec.dist) {
      case 'constant':
        return new Constant(s('value', spec.value));
      case 'exponential':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => new Exponential(s('mean', spec.mean)));
      case 'uniform': {
        const lo = s('min', spec.min);
        const hi = s('max', spec.max);
        if (!(hi > lo)) {
          c.error([...path, 'max'], `must be greater than min (${spec.min}), got ${spec.max}`);
          return undefined;
        }
        return new Uniform(lo, hi);
      }
      case 'normal':
        return new Normal(s('mean', spec.mean), s('sd', spec.sd));
      case 'lognormal':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => LogNormal.fromMeanCv(s('mean', spec.mean), spec.cv));
      case 'erlang':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => new Erlang(spec.k, s('mean', spec.mean)));
      case 'gamma':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => new Gamma(spec.shape, s('mean', spec.mean)));
      case 'pareto': {
        const lo = s('min', spec.min);
        const hi = s('max', spec.max);
        if (!(lo > 0) || !(hi > lo)) {
          c.error([...path], `bounded Pareto needs 0 < min < max, got min ${spec.min}, max ${spec.max}`);
          return undefined;
        }
        return new BoundedPareto(spec.alpha, lo, hi);
      }
      case 'weibull':
        return positive(c, [...path, 'scale'], s('scale', spec.scale), () => new Weibull(spec.shape, s('scale', spec.scale)));
      case 'empirical':
        return Empirical.fromValues(spec.values.map((v, i) => c.seconds([...path, 'values', i], v)));
    }
  } catch (e) {
    c.error(path, `invalid ${spec.dist} parameters: ${e instanceof Error ? e.message : String(e)}`, 'check the orders of magnitude');
  }
  return undefined;
}

function positive(c: Collector, path: Path, value: number, build: () => Distribution): Distribution | undefined {
  if (!(value > 0)) {
    c.error(path, `must be greater than zero, got ${formatDuration(value)}`);
    return undefined;
  }
  return build();
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function peakRate(points: Array<[number, number]>): number {
  return points.reduce((m, [, r]) => Math.max(m, r), 0);
}

function resolveSlo(c: Collector, slo: Record<string, string> | undefined): SloRule[] {
  const rules: SloRule[] = [];
  for (const [metric, expr] of Object.entries(slo ?? {})) {
    const m = /^\s*(<=|>=|<|>)\s*(\S+)\s*$/.exec(expr);
    if (!c.reference(['slo', metric], metric, SLO_METRICS, 'SLO metric') || !m) continue;
    rules.push({ metric, op: m[1] as SloRule['op'], threshold: Number(m[2]), text: `${metric} ${m[1]} ${m[2]}` });
  }
  return rules;
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
  const siteNames = Object.keys(parsed.sites);
  const tierNames = Object.keys(parsed.tiers);
  const classNames = Object.keys(parsed.traffic.classes);

  const durationSeconds = c.seconds(['run', 'duration'], parsed.run.duration);
  const warmupSeconds = c.seconds(['run', 'warmup'], parsed.run.warmup);
  if (!(durationSeconds > 0)) c.error(['run', 'duration'], `must be longer than zero, got ${JSON.stringify(parsed.run.duration)}`);
  if (warmupSeconds >= durationSeconds) {
    c.error(
      ['run', 'warmup'],
      `the warm-up (${parsed.run.warmup}) is not shorter than the run (${parsed.run.duration}): nothing would be measured`,
      'shorten "warmup" or lengthen "duration"',
    );
  }

  for (const [i, link] of (parsed.links ?? []).entries()) {
    link.between.forEach((s, j) => c.reference(['links', i, 'between', j], s, siteNames, 'site'));
  }

  if (classNames.length === 0) c.error(['traffic', 'classes'], 'at least one request class is needed');
  const classes: ResolvedClass[] = [];
  const totalShare = Object.values(parsed.traffic.classes).reduce((a, k) => a + k.share, 0);
  for (const [name, k] of Object.entries(parsed.traffic.classes)) {
    const path: number[] = [];
    k.path.forEach((tier, i) => {
      if (c.reference(['traffic', 'classes', name, 'path', i], tier, tierNames, 'tier')) path.push(tierNames.indexOf(tier));
    });
    classes.push({ name, share: k.share / totalShare, path });
  }

  const traffic = resolveTraffic(c, parsed.traffic, durationSeconds, classNames, fileOf);
  const peak = traffic.ratePoints ? peakRate(traffic.ratePoints) : NaN;

  const tiers: ResolvedTier[] = [];
  for (const [tierName, t] of Object.entries(parsed.tiers)) {
    const tpath: Path = ['tiers', tierName];
    const servers: ResolvedServer[] = [];
    const seen = new Set<string>();
    t.servers.forEach((g, gi) => {
      c.reference([...tpath, 'servers', gi, 'site'], g.site, siteNames, 'site');
      for (let k = 1; k <= g.count; k++) {
        const local = g.count === 1 ? g.name : `${g.name}-${k}`;
        if (seen.has(local)) c.error([...tpath, 'servers', gi, 'name'], `two servers of tier "${tierName}" are named "${local}"`);
        seen.add(local);
        servers.push({
          name: `${tierName}/${local}`,
          site: g.site,
          ...(g.hardware !== undefined ? { hardware: g.hardware } : {}),
          slots: g.slots,
          queueLimit: g.queueLimit === 'unbounded' ? Infinity : g.queueLimit,
          speed: g.speed,
          weight: g.weight,
        });
      }
    });
    if (t.balancer === 'weighted-round-robin' && !servers.some((s) => s.weight > 0)) {
      c.error([...tpath, 'servers'], 'weighted round-robin needs at least one server with a weight above zero');
    }

    // Service time: one distribution for every class, or one per class name.
    const byClass: Array<Distribution | undefined> = classes.map(() => undefined);
    const visiting = classes.map((k, i) => (k.path.includes(tiers.length) ? i : -1)).filter((i) => i >= 0);
    const st = t.serviceTime;
    if ('dist' in st) {
      const d = buildDistribution(c, [...tpath, 'serviceTime'], st as DistributionSpec);
      for (const i of visiting) byClass[i] = d;
    } else {
      const perClass = st as Record<string, DistributionSpec>;
      for (const [cls, spec] of Object.entries(perClass)) {
        if (!c.reference([...tpath, 'serviceTime', cls], cls, classNames, 'request class')) continue;
        byClass[classNames.indexOf(cls)] = buildDistribution(c, [...tpath, 'serviceTime', cls], spec);
      }
      for (const i of visiting) {
        if (!(classes[i]!.name in perClass)) {
          c.error([...tpath, 'serviceTime'], `class "${classes[i]!.name}" goes through tier "${tierName}" but has no service time here`, `add "${classes[i]!.name}": { "dist": … }`);
        }
      }
    }
    if (visiting.length === 0) c.warn(tpath, `no request class goes through tier "${tierName}"`, 'add it to a class\'s "path" or remove it');

    // Offered load at the peak rate against the tier's capacity.
    let offered = 0; // erlangs on the reference machine
    for (const i of visiting) offered += peak * classes[i]!.share * (byClass[i]?.mean ?? 0);
    const capacity = servers.reduce((a, s) => a + s.slots * s.speed, 0);
    if (Number.isFinite(offered) && capacity > 0 && offered > capacity) {
      c.warn(
        tpath,
        `at the peak rate of ${round(peak)}/s the offered load is ${round(offered)} busy slots but the tier has ${round(capacity)} (ρ = ${round(offered / capacity)}): its queue will grow without bound during the peak`,
        'add servers or slots, or lower the rate',
      );
    }

    tiers.push({
      name: tierName,
      ...(t.description !== undefined ? { description: t.description } : {}),
      balancer: t.balancer,
      servers,
      serviceTimeByClass: byClass,
    });
  }

  const slo = resolveSlo(c, parsed.slo);
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
      run: { durationSeconds, warmupSeconds, seed: parsed.run.seed, replications: parsed.run.replications },
      sites: siteNames,
      classes,
      ratePoints: traffic.ratePoints ?? [[0, 0]],
      ...(traffic.burstiness ? { burstiness: traffic.burstiness } : {}),
      ...(traffic.timestampTrace ? { timestampTrace: traffic.timestampTrace } : {}),
      tiers,
      slo,
    },
  };
}
