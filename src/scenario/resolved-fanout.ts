/** Resolved calls that fan out, consequence requests and routing keys (see schema-fanout.ts). */

/** A distribution of call counts (whole numbers). */
export type ResolvedCallCount =
  | { dist: 'constant'; value: number }
  | { dist: 'poisson'; mean: number }
  | { dist: 'geometric'; mean: number }
  | { dist: 'discrete'; values: number[]; weights: number[] };

export interface ResolvedCalls {
  /** Position in the class's path of the tier called several times; each call runs the path from there to its end. */
  stage: number;
  count: ResolvedCallCount;
  /** Mean number of calls per request. */
  meanCount: number;
  parallel: boolean;
}

export interface ResolvedEmits {
  /** Class index of the consequence request. */
  classIndex: number;
  probability: number;
  /** Tier index whose successful exit emits it; −1: the request's end-to-end success. */
  afterTier: number;
}

/** The routing key each request of a class carries: 0 … keys−1. */
export type ResolvedKey = { dist: 'uniform'; keys: number } | { dist: 'zipf'; keys: number; exponent: number } | { dist: 'weighted'; weights: number[] };

/** A tier's `balancer: { kind: "by-key" }`. */
export interface ResolvedByKey {
  map: 'modulo' | 'consistent-hash' | 'sticky';
  ownerDown: 'fail' | 'next';
  /** Most keys a visiting class can carry (the sticky table's size). */
  keys: number;
}

/** How many keys a key distribution draws from. */
export function keyCount(key: ResolvedKey): number {
  return key.dist === 'weighted' ? key.weights.length : key.keys;
}

/** P(key = k) for k in 0 … keys−1 (for tests and the chi-square check). */
export function keyProbabilities(key: ResolvedKey): Float64Array {
  const n = keyCount(key);
  const p = new Float64Array(n);
  for (let k = 0; k < n; k++) p[k] = key.dist === 'uniform' ? 1 : key.dist === 'zipf' ? 1 / Math.pow(k + 1, key.exponent) : key.weights[k]!;
  const total = p.reduce((a, b) => a + b, 0);
  for (let k = 0; k < n; k++) p[k]! /= total;
  return p;
}
