/**
 * Resolved autoscaling and prices: base units (seconds, bytes, money per
 * month or hour), names turned into server indices.
 */
import type { Distribution } from '../rng/distributions.js';
import type { AUTOSCALING_METRICS } from './schema-elastic.js';

export type AutoscalingMetric = (typeof AUTOSCALING_METRICS)[number];

export interface ResolvedScalingPolicy {
  metric: AutoscalingMetric;
  /** Scale out when the metric is above this; Infinity: never. */
  scaleOutAbove: number;
  /** Scale in when the metric is below this; −Infinity: never. */
  scaleInBelow: number;
  step: number;
}

export interface ResolvedScheduledScaling {
  atSeconds: number;
  min?: number;
  max?: number;
  desired?: number;
  description: string;
}

export interface ResolvedAutoscaling {
  /** The group's name as written (e.g. "pci"). */
  group: string;
  /** Indices in the tier's `servers` of the group's instances, in order (all `max` of them are built). */
  serverIndices: number[];
  /** Instances serving at t = 0 (`initial`, else the group's `count`). */
  initial: number;
  min: number;
  max: number;
  periodSeconds: number;
  policies: ResolvedScalingPolicy[];
  scaleOutCooldownSeconds: number;
  scaleInCooldownSeconds: number;
  /** Decision → serving (boot, configuration, registration in the balancer) [s]. */
  provisioning: Distribution;
  /** Longest wait for an instance to empty before it is powered off [s]. */
  drainSeconds: number;
  scheduled: ResolvedScheduledScaling[];
}

export interface ResolvedPricedGroup {
  tier: string;
  tierIndex: number;
  group: string;
  /** Indices of its servers in the tier. */
  serverIndices: number[];
  /** Whether the tier's autoscaler runs this group (then its instances' lifetimes are billed). */
  elastic: boolean;
  /** Monthly rental per server (0 when billed hourly). */
  perMonth: number;
  /** Price per started hour per instance (0 when billed monthly). */
  perHour: number;
  setupFee: number;
  backup: boolean;
}

export interface ResolvedCost {
  currency: string;
  backupPerVmMonth: number;
  egressPerGB: number;
  storage: Array<{ name: string; gigabytes: number; perGBMonth: number }>;
  items: Array<{ name: string; perMonth: number }>;
  groups: ResolvedPricedGroup[];
}
