/**
 * A sweep spread over several processes or machines: `simulate sweep …
 * --shard K/N --out sweep-K.json` runs a deterministic slice of the
 * sweep's points, each with all its replications, and writes a sweep shard
 * file; `simulate merge` joins the N files into the sweep one process
 * would have printed, byte for byte.
 *
 * Shard K of N runs the points [⌊(K−1)·P/N⌋, ⌊K·P/N⌋) of P, in the grid's
 * order (the same slicing as the replications of a run: run/shards.ts).
 * A point's figures depend on that point alone (its scenario, the common
 * seeds), so a slice computes exactly the rows one process computes.
 *
 * The file holds the rows already computed (they are small and final),
 * the sweep's header, and a digest of every point's resolved scenario, so
 * the merge refuses shards of different sweeps.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { toExactJson } from '../run/exact-json.js';
import { ShardError } from '../run/shard-error.js';
import { readShardJson, scenarioDigest, type ShardSpec } from '../run/shard-file.js';
import { checkSlices, versionWarnings } from '../run/shards.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { PointResult, SweepResult } from './sweep.js';

export const SWEEP_SHARD_FORMAT = 'simulate-sweep-shard';
export const SWEEP_SHARD_VERSION = 1;

export interface SweepShardFile {
  format: typeof SWEEP_SHARD_FORMAT;
  version: typeof SWEEP_SHARD_VERSION;
  simulate: string;
  node: string;
  shard: ShardSpec;
  /** This shard's slice [from, to) of the sweep's `of` points. */
  points: { from: number; to: number; of: number };
  /** sha256 of the sweep's header and of every point's resolved scenario: the same sweep, wherever its file lay. */
  digest: string;
  /** The sweep without its rows (parameters, seed, replications, gate). */
  head: Omit<SweepResult, 'points'>;
  /** The rows of points from, from+1, … to−1. */
  rows: PointResult[];
}

/** The digest of a sweep: its header and the scenario of each of its points. */
export function sweepDigest(head: Omit<SweepResult, 'points'>, scenarios: readonly ResolvedScenario[]): string {
  return createHash('sha256')
    .update(toExactJson({ head, points: scenarios.map(scenarioDigest) }))
    .digest('hex');
}

export function sweepShardText(file: Omit<SweepShardFile, 'format' | 'version'>): string {
  return `${toExactJson({ format: SWEEP_SHARD_FORMAT, version: SWEEP_SHARD_VERSION, ...file })}\n`;
}

/** Whether the file at `path` says it is a sweep shard (for `simulate merge` to choose how to merge); false when it cannot tell. */
export function isSweepShardFile(path: string): boolean {
  // Only the file's start (the format comes first): a run's shard is about 1 MB, read whole once by its own reader.
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(200);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.toString('utf8', 0, n).includes(`"format":"${SWEEP_SHARD_FORMAT}"`);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Read and check a sweep shard file; one that is not is a ShardError (exit 2). */
export function readSweepShard(path: string): SweepShardFile {
  const data = readShardJson(path);
  const f = data as SweepShardFile;
  if (f === null || typeof f !== 'object' || f.format !== SWEEP_SHARD_FORMAT) {
    throw new ShardError(`merge: ${path} is not a sweep shard file (a run's shard, or a sweep's output?)`, 'merge the files written by simulate sweep … --shard K/N --out <file>, and a run\'s shards separately');
  }
  if (f.version !== SWEEP_SHARD_VERSION) throw new ShardError(`merge: ${path} has sweep shard format version ${String(f.version)}, this simulate reads ${SWEEP_SHARD_VERSION}`, 'run the shards and the merge with the same simulate version');
  if (!Array.isArray(f.rows) || f.rows.length !== f.points.to - f.points.from) throw new ShardError(`merge: ${path} does not hold the rows of points ${f.points.from}..${f.points.to - 1}`, 'run that shard again');
  return f;
}

/** Check that the files are the N slices of one sweep and join their rows in the grid's order. */
export function mergeSweepShards(files: ReadonlyArray<{ file: string; shard: SweepShardFile }>): { result: SweepResult; warnings: string[] } {
  if (files.length === 0) throw new ShardError('merge: no shard file given', 'pass the files the shards wrote, e.g. simulate merge sweep-*.json');
  const first = files[0]!;
  for (const { file, shard } of files) {
    if (shard.digest !== first.shard.digest || shard.points.of !== first.shard.points.of) {
      throw new ShardError(`merge: ${file} is a shard of another sweep than ${first.file} (scenario, --vary, overrides or seed differ)`, 'merge the shards of one sweep: same scenario, same --vary and --set/--seed/--replications on every shard');
    }
  }
  checkSlices(files.map(({ file, shard }) => ({ file, spec: shard.shard })), 'sweep');
  const ordered = [...files].sort((a, b) => a.shard.shard.index - b.shard.shard.index);
  return {
    result: { ...first.shard.head, points: ordered.flatMap((s) => s.shard.rows) },
    warnings: versionWarnings(files),
  };
}
