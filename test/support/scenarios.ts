/**
 * Small ResolvedScenario builders for validation tests: the plain typed
 * object the model consumes (what `resolve` would produce from a JSON file),
 * written directly so a test states exactly the queueing system it means.
 *
 * Times are in seconds, rates in requests/s. A station is one tier; its
 * servers have `slots` (c) workers and a waiting room `queueLimit`
 * (Infinity = unbounded), so K = slots + queueLimit.
 */
import { Exponential, type Distribution } from '../../src/rng/distributions.js';
import type { BalancerName, ResolvedClass, ResolvedScenario, ResolvedServer, ResolvedTier } from '../../src/scenario/resolved.js';
import { plainClass, plainServer, plainTier } from '../../src/scenario/defaults.js';

export interface RunSpec {
  durationSeconds: number;
  /** Requests arriving before this time and time-averages before it are discarded. */
  warmupSeconds: number;
  seed: number | string;
  /** Informative only: tests call runReplication(scenario, i) themselves. Default 1. */
  replications?: number;
}

export interface ServerSpec {
  /** Local name; the resolved name is "<tier>/<name>". Default "s<index>". */
  name?: string;
  slots?: number;
  queueLimit?: number;
  speed?: number;
  weight?: number;
  site?: string;
}

export interface StationSpec {
  name: string;
  /** Service time on the reference machine [s], for every class that visits the station. */
  service: Distribution;
  /** Number of identical servers, or one spec per server. Default 1. */
  servers?: number | ServerSpec[];
  /** Defaults for servers that do not say: 1 slot, unbounded queue. */
  slots?: number;
  queueLimit?: number;
  balancer?: BalancerName;
}

export interface ClassSpec {
  name: string;
  share: number;
  /** Station names, in visiting order. */
  path: string[];
}

export interface ScenarioSpec {
  name: string;
  /** Constant Poisson arrival rate [req/s]; or give `ratePoints`. */
  lambda?: number;
  ratePoints?: Array<[number, number]>;
  stations: StationSpec[];
  /** Default: one class "req" visiting every station in the listed order. */
  classes?: ClassSpec[];
  run: RunSpec;
}

const SITE = 'LAB';

function servers(spec: StationSpec): ResolvedServer[] {
  const list: ServerSpec[] =
    typeof spec.servers === 'number' || spec.servers === undefined
      ? Array.from({ length: spec.servers ?? 1 }, () => ({}))
      : spec.servers;
  return list.map((s, i) =>
    plainServer(`${spec.name}/${s.name ?? `s${i}`}`, s.slots ?? spec.slots ?? 1, s.queueLimit ?? spec.queueLimit ?? Infinity, s.speed ?? 1, s.weight ?? 1, s.site ?? SITE, 0),
  );
}

/** The general builder: stations in tier order, classes by station name. */
export function scenario(spec: ScenarioSpec): ResolvedScenario {
  const names = spec.stations.map((s) => s.name);
  const classSpecs = spec.classes ?? [{ name: 'req', share: 1, path: names }];
  const totalShare = classSpecs.reduce((a, c) => a + c.share, 0);
  const classes: ResolvedClass[] = classSpecs.map((c) =>
    plainClass(
      c.name,
      c.share / totalShare,
      c.path.map((n) => {
        const i = names.indexOf(n);
        if (i < 0) throw new Error(`class ${c.name}: unknown station ${n}`);
        return i;
      }),
    ),
  );
  const tiers: ResolvedTier[] = spec.stations.map((st, ti) =>
    plainTier(
      st.name,
      servers(st),
      // Like the resolver: undefined for classes that never visit the tier.
      classes.map((c) => (c.path.includes(ti) ? st.service : undefined)),
      st.balancer ?? 'round-robin',
    ),
  );
  if (spec.lambda === undefined && spec.ratePoints === undefined) throw new Error('give lambda or ratePoints');
  return {
    file: '(test)',
    name: spec.name,
    assumptions: [],
    run: {
      durationSeconds: spec.run.durationSeconds,
      warmupSeconds: spec.run.warmupSeconds,
      seed: spec.run.seed,
      replications: spec.run.replications ?? 1,
    },
    sites: [SITE],
    siteFailures: [undefined],
    hostGroups: [],
    links: [],
    clients: 10_000,
    classes,
    ratePoints: spec.ratePoints ?? [[0, spec.lambda!]],
    tiers,
    incidents: [],
    slo: [],
  };
}

export interface SingleStationSpec {
  lambda: number;
  /** Service time distribution [s] (e.g. new Exponential(1/μ) for M/M/c). */
  service: Distribution;
  /** c. Default 1. */
  slots?: number;
  /** Waiting room K − c. Default Infinity (M/·/c). */
  queueLimit?: number;
  run: RunSpec;
  name?: string;
}

/** One server with `slots` workers and a waiting room: M/G/c/K with K = slots + queueLimit. */
export function singleStation(spec: SingleStationSpec): ResolvedScenario {
  const c = spec.slots ?? 1;
  const q = spec.queueLimit ?? Infinity;
  const kind = spec.service.kind === 'exponential' ? 'M' : spec.service.kind === 'constant' ? 'D' : 'G';
  return scenario({
    name: spec.name ?? `M/${kind}/${c}${Number.isFinite(q) ? `/${c + q}` : ''}`,
    lambda: spec.lambda,
    stations: [{ name: 'station', service: spec.service, slots: c, queueLimit: q }],
    run: spec.run,
  });
}

/** M/M/c/K with service rate μ per slot. */
export function mmckStation(lambda: number, mu: number, c: number, K: number, run: RunSpec): ResolvedScenario {
  return singleStation({ lambda, service: new Exponential(1 / mu), slots: c, queueLimit: K - c, run });
}

export interface TandemStation {
  service: Distribution;
  slots?: number;
  queueLimit?: number;
}

/** Stations visited one after the other by every request ("s0" → "s1" → …), one server each. */
export function tandem(lambda: number, stations: TandemStation[], run: RunSpec): ResolvedScenario {
  return scenario({
    name: `tandem of ${stations.length}`,
    lambda,
    stations: stations.map((s, i) => ({
      name: `s${i}`,
      service: s.service,
      ...(s.slots !== undefined ? { slots: s.slots } : {}),
      ...(s.queueLimit !== undefined ? { queueLimit: s.queueLimit } : {}),
    })),
    run,
  });
}

export interface BalancedSpec {
  lambda: number;
  service: Distribution;
  balancer: BalancerName;
  /** Number of identical servers, or one spec per server (weights, speeds, slots…). */
  servers: number | ServerSpec[];
  slots?: number;
  queueLimit?: number;
  run: RunSpec;
}

/** Several servers behind one balancer, one tier ("farm"). */
export function balanced(spec: BalancedSpec): ResolvedScenario {
  return scenario({
    name: `${spec.balancer} farm`,
    lambda: spec.lambda,
    stations: [
      {
        name: 'farm',
        service: spec.service,
        servers: spec.servers,
        balancer: spec.balancer,
        ...(spec.slots !== undefined ? { slots: spec.slots } : {}),
        ...(spec.queueLimit !== undefined ? { queueLimit: spec.queueLimit } : {}),
      },
    ],
    run: spec.run,
  });
}

/** A copy of `base` with its run settings changed (seed, duration, warm-up). */
export function withRun(base: ResolvedScenario, run: Partial<ResolvedScenario['run']>): ResolvedScenario {
  return { ...base, run: { ...base.run, ...run } };
}

/**
 * A copy of `base` with one more tier that no class visits, inserted at tier
 * index `at` (default: last); class paths are renumbered so every class still
 * visits the same tiers.
 */
export function withUnvisitedTier(base: ResolvedScenario, station: StationSpec, at = base.tiers.length): ResolvedScenario {
  const extra: ResolvedTier = plainTier(
    station.name,
    servers(station),
    base.classes.map(() => undefined),
    station.balancer ?? 'round-robin',
  );
  const tiers = [...base.tiers.slice(0, at), extra, ...base.tiers.slice(at)];
  const classes = base.classes.map((c) => ({ ...c, path: c.path.map((t) => (t >= at ? t + 1 : t)) }));
  return { ...base, tiers, classes };
}

/** A copy of `base` where tier `tierIndex` has one more server (same settings as its first one, named `name`). */
export function withExtraServer(base: ResolvedScenario, tierIndex: number, name: string): ResolvedScenario {
  const tiers = base.tiers.map((t, i) => {
    if (i !== tierIndex) return t;
    const first = t.servers[0]!;
    return { ...t, servers: [...t.servers, { ...first, name: `${t.name}/${name}` }] };
  });
  return { ...base, tiers };
}
