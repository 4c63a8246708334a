/**
 * A run spread over several processes or machines: `--shard K/N` runs a
 * deterministic slice of the replications and writes a shard file
 * (shard-file.ts); `simulate merge` puts the slices back together.
 *
 * Shard K of N (1-based) runs the replications [⌊(K−1)·R/N⌋, ⌊K·R/N⌋) of
 * R: contiguous, in order, covering 0..R−1 exactly once, sizes differing
 * by at most one. Replication i's seed depends on i alone, so the merged
 * results are the very ones one process would have, and so is the summary.
 */
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { ReplicationResult } from './replication.js';
import type { ShardFile, ShardSpec } from './shard-file.js';
import { ShardError } from './shard-error.js';

export { ShardError };

/** Parse "K/N" (1 ≤ K ≤ N). */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new ShardError(`--shard: expected K/N with 1 ≤ K ≤ N, such as 2/3, got ${JSON.stringify(text)}`, 'in a Kubernetes Indexed Job, pass --shard $((JOB_COMPLETION_INDEX + 1))/N (docs/shards.md)');
  }
  return { index, count };
}

/** The replications [from, to) shard `spec` runs out of `replications`. */
export function shardRange(spec: ShardSpec, replications: number): { from: number; to: number } {
  return { from: Math.floor(((spec.index - 1) * replications) / spec.count), to: Math.floor((spec.index * replications) / spec.count) };
}

/** That the files are shards 1..N of N, each once (`what`: a run's or a sweep's, for the messages). */
export function checkSlices(files: ReadonlyArray<{ file: string; spec: ShardSpec }>, what: 'run' | 'sweep'): void {
  const first = files[0]!;
  const count = first.spec.count;
  const byIndex = new Map<number, string>();
  for (const { file, spec } of files) {
    if (spec.count !== count) throw new ShardError(`merge: ${file} is shard ${spec.index}/${spec.count}, ${first.file} is one of ${count}`, 'run every shard with the same N in --shard K/N');
    const twice = byIndex.get(spec.index);
    if (twice !== undefined) throw new ShardError(`merge: shard ${spec.index}/${count} is given twice (${twice} and ${file})`, 'pass each shard file once');
    byIndex.set(spec.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) throw new ShardError(`merge: shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')} missing`, `pass all ${count} shard files of the ${what}`);
}

/** The merge's warning when the shards ran on different simulate or Node versions (none when they match). */
export function versionWarnings(files: ReadonlyArray<{ shard: { simulate: string; node: string } }>): string[] {
  const versions = new Set(files.map((s) => `simulate ${s.shard.simulate} on Node ${s.shard.node}`));
  return versions.size > 1 ? [`the shards ran on different versions (${[...versions].join('; ')}): the merged figures may differ from one process's`] : [];
}

export interface MergedShards {
  scenario: ResolvedScenario;
  results: ReplicationResult[];
  /** The longest shard's wall time: they ran side by side. */
  wallSeconds: number;
  /** Worker threads over all shards. */
  workers: number;
  /** Differences of version between the shards (the merge goes on; the figures may differ from one process's). */
  warnings: string[];
}

/** Check that the shards are the N slices of one run, each complete, and join them in replication order. */
export function mergeShards(shards: ReadonlyArray<{ file: string; shard: ShardFile; scenario: ResolvedScenario }>): MergedShards {
  if (shards.length === 0) throw new ShardError('merge: no shard file given', 'pass the files the shards wrote, e.g. simulate merge shard-*.json');
  const first = shards[0]!;
  for (const { file, shard } of shards) {
    if (shard.digest !== first.shard.digest || shard.replications.of !== first.shard.replications.of) {
      throw new ShardError(`merge: ${file} is a shard of another run than ${first.file} (scenario, overrides or seed differ)`, 'merge the shards of one run: same scenario file, same --set/--seed/--duration/--replications on every shard');
    }
    if (shard.partial) {
      const done = shard.replications.from + shard.results.length;
      throw new ShardError(
        `merge: ${file} (shard ${shard.shard.index}/${shard.shard.count}) is partial: it stopped (${shard.partial}) after replications ${shard.replications.from}..${done - 1} of ${shard.replications.from}..${shard.replications.to - 1}`,
        `run that shard again (--shard ${shard.shard.index}/${shard.shard.count}) and merge its new file`,
      );
    }
  }
  checkSlices(shards.map(({ file, shard }) => ({ file, spec: shard.shard })), 'run');
  const ordered = [...shards].sort((a, b) => a.shard.shard.index - b.shard.shard.index);
  return {
    scenario: first.scenario,
    results: ordered.flatMap((s) => s.shard.results),
    wallSeconds: Math.max(...shards.map((s) => s.shard.wallSeconds)),
    workers: shards.reduce((a, s) => a + s.shard.workers, 0),
    warnings: versionWarnings(shards),
  };
}
