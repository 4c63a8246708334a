/**
 * A scenario after validation and resolution: units converted to base units
 * (seconds, requests/s), names resolved to indices, distributions built.
 * This is all the model sees; it never parses JSON or units.
 */
import type { Distribution } from '../rng/distributions.js';
import type { BALANCERS } from './schema.js';
import type { BurstinessSpec } from '../traffic/burstiness.js';

export type BalancerName = (typeof BALANCERS)[number];

export interface ResolvedServer {
  /** Unique name, "<tier>/<server>", also the seed of its random stream. */
  name: string;
  site: string;
  hardware?: string;
  /** Worker slots [requests]. */
  slots: number;
  /** Waiting room [requests]; Infinity when unbounded. */
  queueLimit: number;
  /** Service-time divisor. */
  speed: number;
  weight: number;
}

export interface ResolvedTier {
  name: string;
  description?: string;
  balancer: BalancerName;
  servers: ResolvedServer[];
  /** By class index; undefined for classes that never visit this tier. Durations in seconds. */
  serviceTimeByClass: Array<Distribution | undefined>;
}

export interface ResolvedClass {
  name: string;
  /** Normalised share of arrivals, sums to 1 over classes. */
  share: number;
  /** Tier indices, in visiting order. */
  path: number[];
}

export interface SloRule {
  /** Dotted path into the JSON summary, e.g. "latencyMs.p99". */
  metric: string;
  op: '<' | '<=' | '>' | '>=';
  threshold: number;
  /** As written, for messages: "latencyMs.p99 < 500". */
  text: string;
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
  };
  sites: string[];
  classes: ResolvedClass[];
  /** Rate profile breakpoints: [time s, rate req/s]. */
  ratePoints: Array<[number, number]>;
  /** Markov modulation of the rate, if any. */
  burstiness?: BurstinessSpec;
  /** Arrivals replayed from a timestamps trace (then `ratePoints` is unused). */
  timestampTrace?: { baseDir: string; file: string };
  tiers: ResolvedTier[];
  slo: SloRule[];
}
