/**
 * The file a shard writes (`--shard K/N --out shard-K.json`) and
 * `simulate merge` reads: the resolved scenario (so the merge needs no
 * scenario file, and cannot be given another one), its digest, and the
 * raw results of the shard's replications in exact JSON (exact-json.ts).
 *
 * It is a mergeable result, not a summary: no figure in it is computed
 * yet, so merging is summarising all the results at once, exactly as one
 * process does.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { fromExactJson, toExactJson } from './exact-json.js';
import type { ReplicationResult } from './replication.js';
import { decodeScenario, encodeScenario, type EncodedScenario } from './scenario-transfer.js';
import { ShardError } from './shard-error.js';

/** Shard K of N: `index` K in 1..`count` (shards.ts). */
export interface ShardSpec {
  index: number;
  count: number;
}

export const SHARD_FORMAT = 'simulate-shard';
export const SHARD_VERSION = 1;

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  /** simulate's and Node's versions: shards should match (shards.ts warns). */
  simulate: string;
  node: string;
  shard: ShardSpec;
  /** This shard's slice [from, to) of the run's `of` replications. */
  replications: { from: number; to: number; of: number };
  /** sha256 of the resolved scenario without its file path: the same run, wherever its file lay. */
  digest: string;
  scenario: EncodedScenario;
  /** Replications from, from+1, … (all of the slice unless `partial`). */
  results: ReplicationResult[];
  /** Why the shard stopped before its slice's end ("SIGINT", "crash"), if it did. */
  partial?: string;
  wallSeconds: number;
  workers: number;
}

/** The digest of what decides the figures: the resolved scenario, overrides applied, without where its file lay. */
export function scenarioDigest(scenario: ResolvedScenario): string {
  const { file: _file, ...rest } = scenario;
  return createHash('sha256').update(toExactJson(encodeScenario(rest as ResolvedScenario))).digest('hex');
}

export function shardFileText(shard: Omit<ShardFile, 'format' | 'version' | 'digest' | 'scenario'>, scenario: ResolvedScenario): string {
  const file: ShardFile = { format: SHARD_FORMAT, version: SHARD_VERSION, ...shard, digest: scenarioDigest(scenario), scenario: encodeScenario(scenario) };
  return `${toExactJson(file)}\n`;
}

/** The exact JSON of a file `simulate merge` was given; one it cannot read or parse is a ShardError (exit 2). */
export function readShardJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ShardError(`merge: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'pass the files the shards wrote with --out');
  }
  try {
    return fromExactJson(text);
  } catch {
    throw new ShardError(`merge: ${path} is not JSON (cut short while being copied?)`, 'copy the shard file again, or run that shard again');
  }
}

/** Read and check a shard file; a file that is not one is a ShardError (exit 2). */
export function readShardFile(path: string): { shard: ShardFile; scenario: ResolvedScenario } {
  const data = readShardJson(path);
  const shard = data as ShardFile;
  if (shard === null || typeof shard !== 'object' || shard.format !== SHARD_FORMAT) {
    throw new ShardError(`merge: ${path} is not a shard file (a summary?)`, 'merge the files written by simulate <scenario> --shard K/N --out <file>');
  }
  if (shard.version !== SHARD_VERSION) throw new ShardError(`merge: ${path} has shard format version ${String(shard.version)}, this simulate reads ${SHARD_VERSION}`, 'run the shards and the merge with the same simulate version');
  const scenario = decodeScenario(shard.scenario);
  if (scenarioDigest(scenario) !== shard.digest) throw new ShardError(`merge: ${path} was changed after it was written (its scenario does not match its digest)`, 'run that shard again');
  const expected = shard.replications.to - shard.replications.from;
  const indices = shard.results.map((r) => r.index);
  if (indices.some((k, i) => k !== shard.replications.from + i) || (shard.partial === undefined && indices.length !== expected)) {
    throw new ShardError(`merge: ${path} does not hold replications ${shard.replications.from}..${shard.replications.to - 1} in order`, 'run that shard again');
  }
  return { shard, scenario };
}
