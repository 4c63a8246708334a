/** Closed workloads after resolution (see schema-closed.ts): populations of users and batches of jobs. */
import type { Distribution } from '../rng/distributions.js';

/** Classes of the requests, by index in ResolvedScenario.classes, with their shares (summing to 1). */
export interface ResolvedClassChoice {
  classIndices: number[];
  shares: number[];
}

export interface ResolvedPopulation extends ResolvedClassChoice {
  name: string;
  users: number;
  /** From one outcome to the next request [s]. */
  thinkTime: Distribution;
  /** Sessions: length, then gap before the seat's next session [s]. */
  session?: { length: Distribution; gap: Distribution };
}

export interface ResolvedBatch extends ResolvedClassChoice {
  name: string;
  jobs: number;
  /** Release of the first cycle [s since the start]. */
  atSeconds: number;
  /** Period [s]; Infinity for a batch released once. */
  everySeconds: number;
  /** Release window [s] (0: all jobs at once) and how jobs fall in it. */
  spreadSeconds: number;
  spread: 'uniform' | 'random';
  /** Requests per job, drawn uniformly in [min, max] (equal for a fixed count). */
  requestsMin: number;
  requestsMax: number;
  /** Deadline after each cycle's release start [s]; Infinity when none. */
  deadlineSeconds: number;
  /** `bytes`: the size of each request of a job (set on its classes). */
  requestBytes?: number;
}
