/**
 * `simulate <scenario> --shard K/N --out shard-K.json` runs one slice of the
 * replications and writes a shard file; `simulate merge <files…>` checks
 * that the files are all the slices of one run and summarises them
 * together: the summary one process would have written (shards.ts).
 */
import type { ResolvedScenario } from '../scenario/resolved.js';
import { runShard } from '../run/run-scenario.js';
import { mergeShards, parseShard, shardRange } from '../run/shards.js';
import { readShardFile, shardFileText } from '../run/shard-file.js';
import { ShardError } from '../run/shard-error.js';
import { summarize } from '../run/summary.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { exitCodeOf } from './interrupts.js';
import { OutputError, OutputFile } from './output-file.js';
import { reportSummary, type ReportArgs } from './report-summary.js';
import { gateOf, addCommandLineSlo } from './slo-options.js';
import { safeLine } from './safe-text.js';
import { Progress, replicationLines } from './progress.js';
import { isReportDir, checkReportDir, ReportOutError } from './report-out.js';
import { version } from './version.js';
import { areSweepShards, mergeSweepCommand } from './sweep-command.js';

export { ShardError };

export interface ShardRunArgs {
  shard: string;
  quiet: boolean;
  workers: number;
  /** Estimated events of the whole run (all replications). */
  events: number;
  isolate: boolean;
}

/** Run this process's slice and commit its shard file to `out`. */
export async function runShardToFile(scenario: ResolvedScenario, args: ShardRunArgs, out: OutputFile | undefined, signal: AbortSignal): Promise<ExitCodeValue> {
  const spec = parseShard(args.shard);
  if (out === undefined) throw new ShardError('--shard needs --out <file.json>: a shard writes a file for simulate merge, not a summary', `e.g. --shard ${args.shard} --out shard-${spec.index}.json`);
  const of = scenario.run.replications;
  const { from, to } = shardRange(spec, of);
  const progress = args.quiet ? undefined : Progress.forStderr(`${scenario.name} shard ${spec.index}/${spec.count}`, (args.events * (to - from)) / of, to - from);
  const run = await runShard(scenario, from, to, {
    workers: args.workers,
    signal,
    isolate: args.isolate,
    onReplicationDone: replicationLines(to - from),
    ...(progress ? { onProgress: (f: number) => progress.update(f) } : {}),
  });
  progress?.done();
  const partial = run.crashed ? 'crash' : run.interrupted;
  out.commit(
    shardFileText(
      {
        simulate: version,
        node: process.versions.node,
        shard: spec,
        replications: { from, to, of },
        results: run.results,
        ...(partial !== undefined ? { partial } : {}),
        wallSeconds: run.wallSeconds,
        workers: run.workers,
      },
      scenario,
    ),
  );
  const said = `shard ${spec.index}/${spec.count}: replications ${from}..${to - 1} of ${of}`;
  if (run.crashed) {
    process.stderr.write(`${safeLine(`simulate: internal error: replication ${run.crashed.replication} (seed ${JSON.stringify(run.crashed.seed)}) crashed: ${run.crashed.message}`)}\n`);
    process.stderr.write(`${safeLine(`simulate: ${out.path} keeps the ${run.results.length} replication(s) before it, marked partial; this is a bug: please report it with the scenario and that seed`)}\n`);
    return ExitCode.internalError;
  }
  if (run.interrupted !== undefined) {
    process.stderr.write(`${safeLine(`simulate: interrupted (${run.interrupted}): ${out.path} keeps ${run.results.length} of the ${to - from} replications of ${said}, marked partial`)}\n`);
    return exitCodeOf(run.interrupted);
  }
  if (!args.quiet) process.stderr.write(`${safeLine(`simulate: ${said} written to ${out.path}`)}\n`);
  return ExitCode.ok;
}

export interface MergeArgs extends ReportArgs {
  files: string[];
  slo?: string[];
}

export function mergeCommand(args: MergeArgs): ExitCodeValue {
  if (areSweepShards(args.files)) return mergeSweepCommand(args);
  const merged = mergeShards(args.files.map((file) => ({ file, ...readShardFile(file) })));
  if (!args.quiet) for (const w of merged.warnings) process.stderr.write(`${safeLine(`simulate: merge: ${w}`)}\n`);
  addCommandLineSlo(merged.scenario, args.slo ?? []);
  let out: OutputFile | undefined;
  if (args.out !== undefined && isReportDir(args.out)) {
    try {
      checkReportDir(args.out);
    } catch (e) {
      if (e instanceof ReportOutError) throw new ShardError(e.message, 'name a new directory, or a .json file for the summary');
      throw e;
    }
  } else if (args.out !== undefined) {
    try {
      out = new OutputFile(args.out);
    } catch (e) {
      if (e instanceof OutputError) throw new ShardError(e.message, 'name a file that can be written');
      throw e;
    }
  }
  try {
    const summary = summarize(merged.scenario, merged.results, merged.wallSeconds, merged.workers, { gate: gateOf(args) });
    return reportSummary(args, summary, merged.scenario, out);
  } finally {
    out?.discard();
  }
}
