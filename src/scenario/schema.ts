/**
 * The scenario format: one zod definition that is at once the validator, the
 * TypeScript type of a raw scenario (`ScenarioInput`) and the published JSON
 * Schema (`schema/scenario.schema.json`, written by `npm run schema`), so the
 * three cannot drift apart.
 *
 * This schema checks shapes and unit syntax. Meaning (references between
 * names, warm-up shorter than the run, offered load against capacity) is
 * checked when the scenario is resolved (`resolve.ts`).
 */
import { z } from 'zod';
import { Bandwidth, Duration, Name, PositiveNumber, Rate } from './schema-primitives.js';
import { WEEKDAYS } from './weekdays.js';
import { isClockTime } from './clock-time.js';
import { isDateTime } from '../traffic/calendar.js';
import { BackupsSchema, DrpSchema, FailoverSchema, IpFailoverSchema } from './schema-recovery.js';
import { autoscalingSchema, CostSchema, PriceSchema } from './schema-elastic.js';
import { galeraExtraFields, storageDatabaseSchemas } from './storage-schema.js';
import { DURATION_EXAMPLE, DURATION_PATTERN, SIZE_PATTERN } from './units.js';
import { DEFAULT_MAX_REQUESTS_IN_SYSTEM } from './limits.js';
import { classTrafficFields, daysSchema, GrowthSchema, runCalendarFields, TrafficEventSchema } from './schema-calendar.js';
import { ByKeyBalancerSchema, CallsSchema, EmitsSchema, KeySchema } from './schema-fanout.js';






/** A distribution of durations (service times, delays). */
export const DistributionSchema = z
  .discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('constant'), value: Duration }).meta({ description: 'Always the same duration.' }),
    z.strictObject({ dist: z.literal('exponential'), mean: Duration }).meta({ description: 'Exponential (memoryless), by its mean.' }),
    z.strictObject({ dist: z.literal('uniform'), min: Duration, max: Duration }),
    z.strictObject({ dist: z.literal('normal'), mean: Duration, sd: Duration }).meta({
      description: 'Normal, truncated at zero: a negative draw is drawn again, so the mean is above `mean` when `sd` is large against it; prefer lognormal for service times.',
    }),
    z.strictObject({ dist: z.literal('lognormal'), mean: Duration, cv: z.number().positive() }).meta({
      description: 'Lognormal by mean and coefficient of variation (sd/mean); web requests: cv between 1 and 2.',
    }),
    z.strictObject({ dist: z.literal('erlang'), k: z.number().int().min(1), mean: Duration }),
    z.strictObject({ dist: z.literal('gamma'), shape: PositiveNumber, mean: Duration }),
    z.strictObject({ dist: z.literal('pareto'), alpha: PositiveNumber, min: Duration, max: Duration }).meta({
      description: 'Bounded Pareto (heavy tail) between min and max.',
    }),
    z.strictObject({ dist: z.literal('weibull'), shape: PositiveNumber, scale: Duration }),
    z.strictObject({ dist: z.literal('empirical'), values: z.array(Duration).min(1) }).meta({
      description: 'Draws uniformly among the listed durations.',
    }),
  ])
  .meta({ description: 'A distribution of durations, chosen by "dist".' });

/** A phase of the traffic profile; phases follow each other in time. */
export const PhaseSchema = z
  .discriminatedUnion('phase', [
    z.strictObject({ phase: z.literal('constant'), rate: Rate, duration: Duration }).meta({
      description: 'Hold `rate` for `duration`.',
    }),
    z.strictObject({ phase: z.literal('ramp'), to: Rate, duration: Duration }).meta({
      description: 'Change linearly from the current rate to `to` over `duration`.',
    }),
    z.strictObject({ phase: z.literal('step'), to: Rate }).meta({ description: 'Jump to `to` at once.' }),
    z.strictObject({ phase: z.literal('spike'), factor: PositiveNumber, duration: Duration }).meta({
      description: 'Multiply the current rate by `factor`, linearly over `duration` ("×3 in 20 s").',
    }),
    z.strictObject({ phase: z.literal('hold'), duration: Duration }).meta({ description: 'Keep the current rate for `duration`.' }),
    z.strictObject({ phase: z.literal('decay'), to: Rate, duration: Duration }).meta({
      description: 'Fall linearly from the current rate to `to` over `duration`.',
    }),
  ])
  .meta({ description: 'A traffic phase, chosen by "phase".' });

export const RequestClassSchema = z.strictObject({
  description: z.string().optional(),
  share: z.number().min(0).optional().meta({ description: 'Relative share of the shared arrivals (normalised over the classes without their own phases or trace); required unless the class has its own; 0 for a class that only consequence requests (`emits`) create.' }),
  path: z.array(Name).meta({ description: 'Names of the tiers the request visits, in order.' }),
  write: z.boolean().default(false).meta({ description: 'The request writes to the database: it goes to the master (async replication) and pays certification (Galera).' }),
  timeout: Duration.optional().meta({ description: 'The client gives up after this long: the request fails with "timeout" (the servers still finish it).' }),
  retries: z.number().int().min(0).max(10).default(0).meta({ description: 'Times the client tries again after a failure (rejected, no backend, refused, died, timeout).' }),
  retryAfter: Duration.default('0s').meta({ description: 'Delay before a retry.' }),
  requestSize: z.string().regex(new RegExp(SIZE_PATTERN), 'expected a size such as "2kB"').default('1kB').meta({ description: 'Bytes sent to the next tier when it is in another site.' }),
  responseSize: z.string().regex(new RegExp(SIZE_PATTERN), 'expected a size such as "50kB"').default('10kB').meta({ description: 'Bytes sent back across sites.' }),
  calls: CallsSchema.optional(),
  emits: EmitsSchema.optional(),
  key: KeySchema.optional(),
});

const HourOfDay = z
  .string()
  .regex(/^([01]?[0-9]|2[0-3]):[0-5][0-9]$/, 'expected a time of day such as "08:00" or "22:30"')
  .meta({ description: 'Time of day, "HH:MM".' });

export { WEEKDAYS };

export const DailySchema = z
  .strictObject({
    hourly: z
      .array(z.number().min(0))
      .length(24)
      .optional()
      .meta({ description: 'Multiplier at each hour mark 00:00…23:00, linear in between (wraps midnight).' }),
    anchors: z
      .array(z.tuple([HourOfDay, z.number().min(0)]))
      .min(1)
      .optional()
      .meta({ description: 'Alternative to hourly: ["HH:MM", multiplier] pairs, linear in between (wraps midnight).' }),
    startsAt: HourOfDay.default('00:00').meta({ description: 'Time of day at the start of the run.' }),
    startDay: z.enum(WEEKDAYS).default('monday').meta({ description: 'Day of the week at the start of the run.' }),
    weekly: z
      .partialRecord(z.enum(WEEKDAYS), z.number().min(0))
      .optional()
      .meta({ description: 'Multiplier per day of the week, midnight to midnight (missing days: 1).' }),
    days: daysSchema(HourOfDay),
    nightly: z
      .array(z.strictObject({ from: HourOfDay, to: HourOfDay, extraRate: Rate }))
      .optional()
      .meta({ description: 'Extra arrivals every day in a window, e.g. stores downloading playlists at night (not scaled by the curve).' }),
  })
  .meta({ description: 'A daily (and weekly) curve multiplying the phases.' });

export const BurstinessSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('on-off'),
      factor: z.number().min(0).meta({ description: 'Rate multiplier during a burst.' }),
      burstDuration: Duration.meta({ description: 'Mean length of a burst.' }),
      every: Duration.meta({ description: 'Mean time from one burst start to the next (longer than burstDuration).' }),
      normalise: z.boolean().default(false).meta({ description: 'Keep the long-run mean rate equal to the profile.' }),
    }),
    z.strictObject({
      kind: z.literal('markov'),
      multipliers: z.array(z.number().min(0)).min(2),
      meanHolding: z.array(Duration).min(2).meta({ description: 'Mean time spent in each state.' }),
      transitions: z.array(z.array(z.number().min(0))).optional().meta({ description: 'Jump probabilities between states (rows sum to 1).' }),
      normalise: z.boolean().default(false),
    }),
  ])
  .meta({ description: 'Markov-modulated rate (burstier than Poisson).' });

export const TraceSchema = z
  .union([
    z.strictObject({
      timestamps: z.string().min(1).meta({ description: 'CSV, one arrival per line: time (s from start or ISO date) [, class]. Streamed.' }),
    }),
    z.strictObject({
      rates: z.string().min(1).meta({ description: 'CSV of time,rate lines (per-interval rates), replayed as a Poisson process.' }),
      after: z.enum(['zero', 'hold']).default('zero'),
    }),
  ])
  .meta({ description: 'Replay recorded traffic; paths are relative to the scenario file and must stay inside its directory.' });

/** A class, with its own arrival process when it gives one (schema-calendar.ts). */
const TrafficClassSchema = RequestClassSchema.extend(classTrafficFields(PhaseSchema, DailySchema, BurstinessSchema, TraceSchema));

export const TrafficSchema = z.strictObject({
  classes: z.record(Name, TrafficClassSchema).meta({ description: 'Request classes by name, with their mix and path.' }),
  phases: z.array(PhaseSchema).min(1).optional().meta({ description: 'The rate profile, phase after phase, from t = 0 (required unless a trace is replayed).' }),
  daily: DailySchema.optional(),
  burstiness: BurstinessSchema.optional(),
  trace: TraceSchema.optional(),
  events: z.array(TrafficEventSchema).optional().meta({ description: 'Dated changes of traffic (needs run.startsAt).' }),
  growth: GrowthSchema.optional(),
  clients: z.number().int().min(1).max(10_000_000).default(10_000).meta({
    description: 'Size of the client population: requests come from clients drawn uniformly (DNS caches and sticky sessions follow clients).',
  }),
});

const TimeToEvent = z
  .union([Duration, DistributionSchema])
  .meta({ description: 'A duration (the mean of an exponential: memoryless failures) or a distribution (e.g. Weibull for wear-out or infant mortality).' });

/** Random failures of a component: an alternating up/down renewal process. */
export const FailuresSchema = z
  .strictObject({
    mtbf: TimeToEvent.meta({ description: 'Time from a repair (or the start) to the next failure: "30d" (exponential) or a distribution.' }),
    mttr: TimeToEvent.meta({ description: 'Time from a failure to the repair: "4h" (exponential) or a distribution ({"dist":"constant","value":"15min"}).' }),
  })
  .meta({ description: 'Random failures: time to failure and time to repair (steady-state availability MTBF/(MTBF+MTTR)).' });

export const ServerGroupSchema = z.strictObject({
  name: Name.meta({ description: 'Server name, or prefix when count > 1 (servers are named prefix-1, prefix-2, …).' }),
  count: z.number().int().min(1).default(1),
  site: Name.meta({ description: 'Datacenter the servers are in (a key of "sites").' }),
  hardware: z.string().optional().meta({ description: 'Free text: "EG-32 dedicated", "Public Cloud B2-7", …' }),
  speed: PositiveNumber.default(1).meta({ description: 'Service times are divided by this factor (1 = reference machine).' }),
  slots: z.number().int().min(1).meta({ description: 'Worker slots serving at once (PHP-FPM children, threads).' }),
  cores: z.number().int().min(1).optional().meta({ description: 'With discipline "ps": CPU cores the running requests share (default: as many as slots).' }),
  queueLimit: z
    .union([z.number().int().min(0), z.literal('unbounded')])
    .default('unbounded')
    .meta({ description: 'Waiting room beyond the slots; a request arriving when it is full is rejected.' }),
  weight: z.number().min(0).default(1).meta({ description: 'Weight for weighted round-robin.' }),
  failures: FailuresSchema.optional(),
  host: Name.optional().meta({ description: 'These servers are VMs on the hosts of this host group (a key of "hosts"): a host failure takes its VMs down.' }),
  size: PositiveNumber.default(1).meta({ description: 'With "host": the share of a host\'s capacity one VM takes (in the host group\'s capacity units).' }),
  faultTolerant: z.boolean().default(false).meta({
    description: 'With "host": VMware Fault Tolerance, a shadow VM in lockstep on another host takes over at once when the host fails (no request lost).',
  }),
  price: PriceSchema.optional(),
});

export const HostGroupSchema = z
  .strictObject({
    description: z.string().optional(),
    count: z.number().int().min(1).default(1),
    site: Name,
    hardware: z.string().optional(),
    capacity: PositiveNumber.optional().meta({ description: 'What a host can run, in VM size units (default: unlimited); VMware HA restarts a VM only on a host with room for it.' }),
    failures: FailuresSchema.optional(),
    ha: z
      .strictObject({
        restart: TimeToEvent.meta({ description: 'From the host failure to the VM serving again on another host: detection plus boot ("3min" is an exponential mean; use {"dist":"constant",…} for a fixed time).' }),
      })
      .optional()
      .meta({ description: 'VMware HA: the VMs of a failed host are restarted on a surviving host of the group that has room; otherwise they wait for their host\'s repair.' }),
  })
  .meta({ description: 'Physical hosts (a Dedicated Cloud\'s hosts) named "<group>-1", "<group>-2", …; VMs are spread over them in turn.' });

export const BALANCERS = [
  'round-robin',
  'weighted-round-robin',
  'least-connections',
  'random',
  'power-of-two',
  'consistent-hash',
  'dns-round-robin',
  'site-local',
  'ip-failover',
] as const;

export const HealthCheckSchema = z
  .strictObject({
    interval: Duration.default('2s').meta({ description: 'Time between probes of a backend (HAProxy inter).' }),
    timeout: Duration.default('1s').meta({ description: 'A probe to a dead backend fails after this (≤ interval).' }),
    rise: z.number().int().min(1).default(2),
    fall: z.number().int().min(1).default(3),
    port: z.string().optional().meta({ description: 'What is probed (HTTP 80, HTTPS 443, MySQL 3306): informative.' }),
  })
  .meta({ description: 'Active health checks by the balancer in front of the tier; without them a dead server keeps its share.' });

const ServiceTime = z
  .union([DistributionSchema, z.record(Name, DistributionSchema)])
  .meta({ description: 'Service time on the reference machine: one distribution, or one per request class name.' });

export const CacheSchema = z
  .strictObject({
    hitRatio: z.union([z.number().min(0).max(1), z.record(Name, z.number().min(0).max(1))]).meta({
      description: 'Share of requests answered from the cache (one ratio, or per class): a hit ends the request here.',
    }),
    hitServiceTime: ServiceTime.meta({ description: 'Service time of a hit (instead of serviceTime).' }),
    warmup: Duration.default('0s').meta({ description: 'After a server (re)starts, its hit ratio climbs linearly from 0 over this time (cold cache).' }),
  })
  .meta({ description: 'A cache in this tier (nginx page cache, memcache, Elasticsearch as a cache of MySQL).' });

/** Master–master replication and object storage (their fields live in storage-schema.ts). */
const STORAGE_DATABASES = storageDatabaseSchemas(DistributionSchema, Duration, Rate, SIZE_PATTERN);
/** Galera flow control and certification conflicts (storage-schema.ts). */
const GALERA_EXTRAS = galeraExtraFields(DistributionSchema);

export const DatabaseSchema = z
  .discriminatedUnion('replication', [
    z.strictObject({
      replication: z.literal('async'),
      master: Name.meta({ description: 'The server holding the master; the others are slaves.' }),
      applyTime: DistributionSchema.meta({ description: "Time a slave's single SQL thread takes to apply one write." }),
      writeSize: z.string().regex(new RegExp(SIZE_PATTERN), 'expected a size such as "2kB"').default('1kB').meta({ description: 'Binlog bytes per write.' }),
      failover: FailoverSchema.optional(),
    }),
    z.strictObject({
      replication: z.literal('galera'),
      arbitrators: z
        .array(z.strictObject({ name: Name, site: Name, weight: z.number().positive().default(1) }))
        .default([])
        .meta({ description: 'garbd arbitrators: they vote for quorum but hold no data.' }),
      certification: Duration.default('0.5ms').meta({ description: 'Certification work added to every write, besides the group round trip.' }),
      ...GALERA_EXTRAS,
    }),
    ...STORAGE_DATABASES,
  ])
  .meta({
    description:
      'A database tier: reads go to a server in the request’s own site, writes to the master (async) or to any node, paying the group round trip (Galera).',
  });

export const TierSchema = z.strictObject({
  description: z.string().optional(),
  balancer: z.union([z.enum(BALANCERS), ByKeyBalancerSchema]).default('round-robin'),
  dnsTtl: Duration.default('5min').meta({ description: 'dns-round-robin: how long clients keep a resolved address.' }),
  dnsUpdate: Duration.optional().meta({
    description: 'dns-round-robin: how long after a server dies (or comes back) the operator removes (or restores) its address in the record; default: never.',
  }),
  hold: z.boolean().default(false).meta({
    description: 'A server keeps its slot while the rest of the path runs (a PHP worker waiting for MySQL, an HAProxy connection open until the response); default: it frees it and passes the request on.',
  }),
  discipline: z.enum(['fifo', 'ps']).default('fifo').meta({
    description: 'fifo: each slot serves one request at full speed, the others wait in order; ps: the requests in the slots share the cores (processor sharing).',
  }),
  healthCheck: HealthCheckSchema.optional(),
  balancerRedundancy: z
    .strictObject({
      kind: z.enum(['single', 'pair', 'fault-tolerant']).meta({
        description:
          'single: the balancer is a single point of failure; pair: a standby takes over after `takeover` (the OVH LB IP on two Cisco ACE, keepalived); fault-tolerant: a shadow in lockstep takes over at once (VMware FT).',
      }),
      takeover: Duration.default('3s').meta({ description: 'pair: time for the standby to take over.' }),
    })
    .optional()
    .meta({ description: 'How the balancer in front of the tier survives its own failure (an incident naming it).' }),
  servers: z.array(ServerGroupSchema).min(1),
  serviceTime: ServiceTime,
  cache: CacheSchema.optional(),
  database: DatabaseSchema.optional(),
  backups: BackupsSchema.optional(),
  ipFailover: IpFailoverSchema.optional(),
  drp: DrpSchema.optional(),
  autoscaling: autoscalingSchema(DistributionSchema).optional(),
});

export const SiteSchema = z.strictObject({
  description: z.string().optional(),
  location: z.string().optional(),
  failures: FailuresSchema.optional().meta({ description: 'Random datacenter-wide outages (power, network): every server in the site goes down.' }),
});

export const LinkSchema = z.strictObject({
  between: z.tuple([Name, Name]),
  latency: Duration.meta({ description: 'One-way latency.' }),
  bandwidth: Bandwidth.optional(),
  loss: z.number().min(0).max(0.5).default(0).meta({
    description: 'Probability that one transmission of a message is lost; TCP resends it after the retransmission timeout (doubling), so loss shows as latency.',
  }),
  retransmitTimeout: Duration.default('200ms').meta({ description: "TCP's first retransmission timeout (Linux TCP_RTO_MIN)." }),
  connectTimeout: Duration.default('5s').meta({
    description: 'While the link is partitioned, a request that must cross it hangs this long, then fails with "unreachable".',
  }),
});

export const IncidentSchema = z
  .strictObject({
    at: z
      .string()
      .refine((v) => new RegExp(DURATION_PATTERN).test(v) || isClockTime(v) || isDateTime(v), {
        message: `expected a time since the start such as ${DURATION_EXAMPLE}, a time of day such as "21:47" or "friday 18:00", or a date-time such as "2014-06-12T22:00"`,
      })
      .meta({
        description:
          'When it happens: simulated time since the start ("10h"), or a time of day ("21:47", "friday 18:00"), its first occurrence on the calendar of traffic.daily (startsAt, startDay; 00:00 on a monday without it), or a date-time ("2014-07-13T21:00") on run.startsAt\'s calendar.',
      }),
    for: Duration.optional().meta({ description: 'How long until it is repaired (default: never).' }),
    server: z.string().optional().meta({ description: 'A server, as "tier/server".' }),
    site: Name.optional().meta({ description: 'A whole datacenter (power loss): every server in it.' }),
    balancer: Name.optional().meta({ description: "The load balancer in front of a tier (the tier's name): what happens depends on its redundancy." }),
    host: z.string().optional().meta({ description: 'A physical host, as "<group>-<n>" (e.g. "esx-2"): its VMs go down (VMware HA may restart them elsewhere).' }),
    tier: Name.optional().meta({ description: 'Every server of a tier at once (a bad deploy, a shared switch).' }),
    destroysData: z.boolean().default(false).meta({ description: 'The data of the databases it hits is destroyed (both disks, corruption, human error): restored from the last backup.' }),
    link: z
      .tuple([Name, Name])
      .optional()
      .meta({ description: 'A declared link, by its two sites, partitioned: nothing crosses it until the repair.' }),
    description: z.string().optional(),
  })
  .meta({ description: 'A scheduled failure (a crash: connections are refused) of exactly one server, host, tier, site or balancer, or a link partition.' });

export const RunSchema = z.strictObject({
  duration: Duration.meta({ description: 'Simulated time of one replication.' }),
  warmup: Duration.default('0s').meta({ description: 'Requests arriving before this are not measured.' }),
  window: Duration.optional().meta({
    description:
      'Length of the time windows of the summary\'s `series` (default: from the measured time, about 300 windows and at most 15 min, e.g. 10s for 30 min, 5min for a day, 15min for a month; at most 50,000 windows).',
  }),
  ...runCalendarFields,
  seed: z.union([z.number().int(), z.string()]).default(1),
  replications: z.number().int().min(1).max(1000).default(1),
  maxRequestsInSystem: z
    .number()
    .int()
    .min(1)
    .default(DEFAULT_MAX_REQUESTS_IN_SYSTEM)
    .meta({
      description: `The run stops, exit 1, when more requests than this are in the system at once (an overloaded tier without a queueLimit); about 130 bytes each (default ${DEFAULT_MAX_REQUESTS_IN_SYSTEM}). --max-in-system overrides it.`,
    }),
});

/**
 * SLO: a list of objectives `"classes.page.latencyMs.p99 < 2s"`, or the map
 * form `{ "latencyMs.p99": "< 500ms" }` (metric → comparison). The grammar is
 * checked when the scenario is resolved (src/scenario/slo-grammar.ts).
 */
export const SloSchema = z
  .union([
    z.array(z.string()).meta({
      description:
        'Objectives "metric op threshold [in every <duration> window [between HH:MM and HH:MM]]", e.g. "classes.page.latencyMs.p99 < 2s", "availability.requests >= 99.95%", "latencyMs.p99 < 500ms in every 1min window". Metric names: docs/metrics.md.',
    }),
    z.record(z.string(), z.string()).meta({ description: 'Metric → comparison, e.g. { "latencyMs.p99": "< 1s", "availability.requests": ">= 99.9%" }.' }),
  ])
  .meta({ description: 'Service-level objectives checked after the run; a failed one makes `simulate` exit 1. Grammar and metric names: docs/slo.md, docs/metrics.md.' });

export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    extends: z
      .string()
      .optional()
      .meta({ description: 'A base scenario (path relative to this file) that this one overrides: objects merge, lists and values replace, null deletes an inherited key, an object of another kind (dist, phase, kind, replication) replaces the base one.' }),
    name: Name,
    description: z.string().optional(),
    source: z.string().optional().meta({ description: 'Where the numbers come from (e.g. the case-studies book, chapter).' }),
    assumptions: z.array(z.string()).optional().meta({ description: 'Every number not given by the source, and why.' }),
    run: RunSchema,
    sites: z.record(Name, SiteSchema),
    hosts: z.record(Name, HostGroupSchema).optional().meta({ description: 'Physical hosts carrying VMs (server groups name them with "host").' }),
    links: z.array(LinkSchema).optional(),
    traffic: TrafficSchema,
    tiers: z.record(Name, TierSchema),
    incidents: z.array(IncidentSchema).optional(),
    slo: SloSchema.optional(),
    cost: CostSchema.optional(),
  })
  .meta({ title: 'Infrastructure simulation scenario' });

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioParsed = z.output<typeof ScenarioSchema>;
export type DistributionSpec = z.output<typeof DistributionSchema>;
export type PhaseSpec = z.output<typeof PhaseSchema>;
export type TrafficSpec = z.output<typeof TrafficSchema>;

/** The JSON Schema published for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
