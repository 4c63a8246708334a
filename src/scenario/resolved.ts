/**
 * A scenario after validation and resolution: units converted to base units
 * (seconds, requests/s), names resolved to indices, distributions built.
 * This is all the model sees; it never parses JSON or units.
 */
import type { Distribution } from '../rng/distributions.js';
import type { BALANCERS } from './schema.js';
import type { BurstinessSpec } from '../traffic/burstiness.js';
import type { ResolvedHealthCheck } from './resolved-health-check.js';
export type { ResolvedHealthCheck } from './resolved-health-check.js';
import type { ResolvedBackups, ResolvedDrp, ResolvedFailover, ResolvedIpFailover } from './resolved-recovery.js';
import type { ResolvedAutoscaling, ResolvedCost } from './resolved-elastic.js';
import type { MetricUnit } from './metric-units.js';
import type { WEEKDAYS } from './weekdays.js';
import type { Zone } from '../traffic/calendar.js';
import type { ResolvedByKey, ResolvedCalls, ResolvedEmits, ResolvedKey } from './resolved-fanout.js';

export type BalancerName = (typeof BALANCERS)[number];

/** Random failures: an alternating renewal process of up and down times [s]. */
export interface ResolvedFailures {
  timeToFailure: Distribution;
  timeToRepair: Distribution;
}

/** A server that is a VM on a host group. */
export interface ResolvedPlacement {
  /** Index in ResolvedScenario.hostGroups. */
  group: number;
  /** Capacity units it takes on a host. */
  size: number;
  /** VMware FT: survives its host's failure. */
  faultTolerant: boolean;
  /** The host it starts on (index in its group), set by the resolver. */
  host: number;
}

export interface ResolvedHostGroup {
  name: string;
  siteIndex: number;
  count: number;
  /** Per host, in VM size units; Infinity when not given. */
  capacity: number;
  failures?: ResolvedFailures;
  /** VMware HA: time to restart a VM elsewhere [s]; undefined without HA. */
  haRestart?: Distribution;
}

export interface ResolvedServer {
  /** Unique name, "<tier>/<server>", also the seed of its random stream. */
  name: string;
  site: string;
  /** Index of `site` in ResolvedScenario.sites. */
  siteIndex: number;
  hardware?: string;
  /** Worker slots [requests]. */
  slots: number;
  /** CPU cores shared by the running requests (processor sharing); = slots unless given. */
  cores: number;
  /** Waiting room [requests]; Infinity when unbounded. */
  queueLimit: number;
  /** Service-time divisor. */
  speed: number;
  weight: number;
  failures?: ResolvedFailures;
  placement?: ResolvedPlacement;
}

export interface ResolvedCache {
  /** By class index. */
  hitRatioByClass: number[];
  /** Service time of a hit, by class index [s]. */
  hitServiceByClass: Array<Distribution | undefined>;
  /** Cold-cache ramp after a (re)start [s]. */
  warmupSeconds: number;
}

export type ResolvedDatabase =
  | { replication: 'async'; masterIndex: number; applyTime: Distribution; writeBytes: number; failover?: ResolvedFailover }
  | {
      replication: 'galera';
      arbitrators: Array<{ name: string; siteIndex: number; weight: number }>;
      certificationSeconds: number;
      /** Flow control and certification conflicts (optional for code that builds a scenario directly). */
      flowControl?: { applyTime: Distribution; limit: number };
      conflictProbability?: number;
      retryAutocommit?: number;
    }
  | { replication: 'master-master'; applyTime: Distribution; writeBytes: number }
  | {
      replication: 'object-storage';
      replicas: number;
      writeQuorum: number;
      reReplication?: { intervalSeconds: number; durationSeconds: number; ratePerSecond: number; jobTime: Distribution };
    };

export interface ResolvedTier {
  name: string;
  description?: string;
  balancer: BalancerName | 'by-key';
  /** With `balancer: "by-key"`: how keys map to servers (resolved-fanout.ts). */
  byKey?: ResolvedByKey;
  /** dns-round-robin: client cache lifetime [s]. */
  dnsTtlSeconds: number;
  /** dns-round-robin: operator's delay to update the record after a death or a repair [s]; Infinity: never. */
  dnsUpdateSeconds: number;
  discipline: 'fifo' | 'ps';
  /** Servers keep a request's slot while the rest of its path runs. */
  hold: boolean;
  healthCheck?: ResolvedHealthCheck;
  /** The balancer's own redundancy (what an incident naming it does). */
  balancerRedundancy: { kind: 'single' | 'pair' | 'fault-tolerant'; takeoverSeconds: number };
  servers: ResolvedServer[];
  /** By class index; undefined for classes that never visit this tier. Durations in seconds. */
  serviceTimeByClass: Array<Distribution | undefined>;
  cache?: ResolvedCache;
  database?: ResolvedDatabase;
  /** Recovery mechanisms (resolved-recovery.ts). */
  backups?: ResolvedBackups;
  ipFailover?: ResolvedIpFailover;
  drp?: ResolvedDrp;
  /** An elastic server group and its policies. */
  autoscaling?: ResolvedAutoscaling;
}

export interface ResolvedLink {
  siteA: number;
  siteB: number;
  latency: Distribution;
  /** Bits per second; Infinity when not given. */
  bandwidthBps: number;
  /** Probability that one transmission is lost (resent after a retransmission timeout). Default 0. */
  loss?: number;
  /** TCP's first retransmission timeout [s]. Default 0.2. */
  retransmitTimeoutSeconds?: number;
  /** While partitioned: how long a crossing attempt hangs before it fails [s]. Default 5. */
  connectTimeoutSeconds?: number;
}

export type IncidentTarget =
  | { kind: 'server'; tier: number; server: number }
  | { kind: 'site'; site: number }
  | { kind: 'balancer'; tier: number }
  | { kind: 'host'; group: number; host: number }
  | { kind: 'tier'; tier: number }

  | { kind: 'link'; link: number };

export interface ResolvedIncident {
  atSeconds: number;
  /** Infinity: never repaired. */
  forSeconds: number;
  target: IncidentTarget;
  description: string;
  /** The data of the databases it hits is destroyed (restored from backups). */
  destroysData?: boolean;
}

export interface ResolvedClass {
  name: string;
  /** Normalised share of arrivals, sums to 1 over classes. */
  share: number;
  /** Tier indices, in visiting order. */
  path: number[];
  write: boolean;
  /** Client timeout [s]; Infinity when none. */
  timeoutSeconds: number;
  /** Retries after a failure (0: none). */
  retries: number;
  retryAfterSeconds: number;
  requestBytes: number;
  responseBytes: number;
  /** Calls that fan out, a consequence request, a routing key (resolved-fanout.ts). */
  calls?: ResolvedCalls;
  emits?: ResolvedEmits;
  key?: ResolvedKey;
}

/** A class's own arrival process (see scenario/resolve-streams.ts). */
export interface ResolvedClassStream {
  /** Rate profile breakpoints of this class alone: [time s, rate req/s]. */
  ratePoints: Array<[number, number]>;
  burstiness?: BurstinessSpec;
}

export interface SloRule {
  /** Dotted path into the JSON summary, e.g. "latencyMs.p99" (`*` for every name at a placeholder). */
  metric: string;
  op: '<' | '<=' | '>' | '>=' | '==';
  /** In the metric's unit (ms for `latencyMs.*`, a fraction for a ratio). */
  threshold: number;
  /** As written, for messages: "latencyMs.p99 < 500". */
  text: string;
  /** The metric's unit (see docs/metrics.md). */
  unit?: MetricUnit;
  /** Holds in every window of this length [s] (within `between`, seconds of the day [from, to)), not over the whole run. */
  window?: { seconds: number; between?: [number, number] };
}

export interface ResolvedScenario {
  /** The file it was loaded from (for messages). */
  file: string;
  name: string;
  description?: string;
  source?: string;
  assumptions: string[];
  run: {
    durationSeconds: number;
    warmupSeconds: number;
    seed: number | string;
    replications: number;
    /** The run stops past this many requests in the system at once (default DEFAULT_MAX_REQUESTS_IN_SYSTEM). */
    maxRequestsInSystem?: number;
    /** `run.window` [s] when the scenario gives one; else the default (see scenario/windows.ts). */
    windowSeconds?: number;
  };
  /**
   * The scenario's calendar: where the run starts in the day and the week
   * (traffic.daily's startsAt/startDay); present when the scenario has a
   * daily curve or a time-of-day incident, absent otherwise.
   */
  calendar?: {
    startSecondOfDay: number;
    startDay: (typeof WEEKDAYS)[number];
    /** With run.startsAt: the instant of t = 0 and the zone of local times (plain data: it crosses to workers). */
    startsAt?: { epochMs: number; zone: Zone };
  };
  sites: string[];
  /** Random datacenter-wide failures, by site index. */
  siteFailures: Array<ResolvedFailures | undefined>;
  hostGroups: ResolvedHostGroup[];
  links: ResolvedLink[];
  /** Client population (DNS caches and sticky sessions follow clients). */
  clients: number;
  classes: ResolvedClass[];
  /** Rate profile breakpoints: [time s, rate req/s]. */
  ratePoints: Array<[number, number]>;
  /** Markov modulation of the rate, if any. */
  burstiness?: BurstinessSpec;
  /** One arrival stream per class, by class index (then `ratePoints` is their sum, and `burstiness` unused). */
  classStreams?: ResolvedClassStream[];
  /** Arrivals replayed from a timestamps trace (then `ratePoints` is unused). */
  timestampTrace?: { baseDir: string; file: string };
  tiers: ResolvedTier[];
  incidents: ResolvedIncident[];
  slo: SloRule[];
  /** Prices (present when the scenario gives any). */
  cost?: ResolvedCost;
}
