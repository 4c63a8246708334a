/**
 * Resolved shared machines: a machine instance carries one server of each
 * tier placed on it; those servers share its cores and fail with it.
 */
import type { Distribution } from '../rng/distributions.js';

export interface ResolvedMachine {
  name: string;
  /** Machines built, named "<name>-1" …; an autoscaled machine builds all its possible instances. */
  count: number;
  /** Cores shared by the busy workers of all its tiers. */
  cores: number;
  /** Index of its site (the site of the server groups on it). */
  siteIndex: number;
  /** Random failures (as ResolvedFailures in resolved.ts, which imports this file). */
  failures?: { timeToFailure: Distribution; timeToRepair: Distribution };
}

/** Where a server sits: instance `instance` (from 0) of machine `machine` (index in ResolvedScenario.machines). */
export interface ResolvedMachineSlot {
  machine: number;
  instance: number;
}
