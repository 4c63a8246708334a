/**
 * `simulate sweep scenario.json --vary path=values [--vary path=values]`:
 * the scenario at every point of the grid (compare/vary.ts), each with the
 * same replications and seeds; a table, `--json`, or `--out x.json|x.csv`.
 */
import type { Argv } from 'yargs';
import { stringify } from 'csv-stringify/sync';
import { loadVariant } from '../compare/load-variant.js';
import { pointResult, sweepResult, type PointResult, type SweepResult } from '../compare/sweep.js';
import { isSweepShardFile, mergeSweepShards, readSweepShard, sweepDigest, sweepShardText } from '../compare/sweep-shard.js';
import { parseShard, shardRange, ShardError } from '../run/shards.js';
import { version } from './version.js';
import { safeLine } from './safe-text.js';
import { parseVary, sweepPoints, VaryError, type SweepPoint, type Vary } from '../compare/vary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatSweep } from './format-compare.js';
import { jsonForTerminal } from './safe-text.js';
import { UsageError } from './usage-error.js';
import type { OutputFile } from './output-file.js';
import { alignRuns, checkBudget, commitOut, loadOrUsage, openOut, prepare, runInRounds, variantOptions, type PartialRuns, type Prepared, type VariantArgs } from './variant-options.js';
import { enough, gatedRules } from '../run/adaptive.js';
import type { ReplicationResult } from '../run/replication.js';

export interface SweepArgs extends VariantArgs {
  scenario: string;
  vary?: string | string[];
  shard?: string;
}

export function sweepOptions<T>(y: Argv<T>): Argv<T> {
  return variantOptions(y.positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (JSON).' }))
    .option('vary', { type: 'string', describe: "A value to sweep: --vary 'tiers.web.servers[1].count=0..10' (lists 1,2,4; ranges 0..10; steps 0..20:5; durations 2min..20min:2min). Once, or twice for a grid." })
    .option('out', { type: 'string', describe: 'Also write the result: a path ending in .csv gets the CSV table, any other the JSON.' })
    .option('shard', { type: 'string', describe: 'Run only shard K of N of the points (K/N, 1-based), each with all its replications, and write a sweep shard file to --out for `simulate merge` (docs/shards.md).' })
    .option('precision', { type: 'string', describe: 'sweep with --replications auto: target 95% half-width of every point\'s gated figures, relative to the mean (default 5%).' })
    .option('max-replications', { type: 'number', describe: 'sweep with --replications auto: the cap per point (default 100).' }) as Argv<T>;
}

/** Runs a set of points (by index) on the pool; a number is the exit code of an interrupt. */
export class Sweep {
  constructor(
    readonly varies: Vary[],
    readonly points: SweepPoint[],
    readonly scenarios: ResolvedScenario[],
    readonly prepared: Prepared,
    private readonly args: VariantArgs,
  ) {}

  /**
   * With `keepPartial`, an interrupt after k replications of every point
   * answers those points' figures over k replications (`partial`). With
   * --replications auto (a whole sweep only), rounds until every point's
   * gated figures are precise, as a run's rounds decide (run/adaptive.ts).
   */
  async run(indices: number[], keepPartial = false): Promise<{ points: PointResult[]; partial?: PartialRuns; reached: boolean } | number> {
    const chosen = indices.map((i) => this.scenarios[i]!);
    const auto = this.prepared.auto;
    const gate = this.prepared.gate;
    const until = auto ? { auto, enough: (results: ReplicationResult[][]) => chosen.every((s, k) => enough(s, results[k]!, auto, gate)) } : undefined;
    const ran = await runInRounds(chosen, this.args, keepPartial, until);
    if (typeof ran === 'number') return ran;
    const points = indices.map((i, k) => pointResult(this.points[i]!, this.varies, this.scenarios[i]!, ran.results[k]!, gate).result);
    return { points, reached: ran.reached, ...(ran.partial ? { partial: ran.partial } : {}) };
  }

  result(points: PointResult[], partial?: PartialRuns, reached = true): SweepResult {
    const r = sweepResult(this.varies, this.scenarios[0]!, points, this.prepared.gate);
    const auto = this.prepared.auto;
    if (auto) r.auto = { ...auto, reached, metrics: gatedRules(this.scenarios[0]!).map((rule) => rule.metric) };
    return partial ? { ...r, partial: true, interrupted: partial.interrupted } : r;
  }
}

/** Parse the --vary flags and load (validate) every point before anything runs. */
export function loadSweep(args: SweepArgs, what: 'sweep' | 'plan'): Sweep {
  // plan runs its points step by step: one N for all of them is what its choice compares, so it takes a number.
  const p = prepare(args, what === 'sweep' ? 'sweep' : false);
  if (p.auto && args.shard !== undefined) throw new UsageError('--shard runs a fixed slice: it cannot be combined with --replications auto (give --replications N)');
  let varies: Vary[];
  let points: SweepPoint[];
  try {
    varies = ([] as string[]).concat(args.vary ?? []).map(parseVary);
    points = sweepPoints(varies);
  } catch (e) {
    if (e instanceof VaryError) throw new UsageError(e.message);
    throw e;
  }
  for (const v of varies) {
    if (v.path === 'run.seed' || v.path === 'run.replications') throw new UsageError(`--vary ${v.flag}: every point runs with the same seeds and replications (common random numbers): use --seed or --replications, and vary a value of the scenario`);
  }
  // Warnings once (the first point's): every point has the same, but for the varied value.
  const scenarios = points.map((pt, i) => loadOrUsage(() => loadVariant(args.scenario, p.overrides, pt), args.quiet || i > 0));
  alignRuns(scenarios, args, p);
  checkBudget(scenarios, what, p.auto);
  return new Sweep(varies, points, scenarios, p, args);
}

/** One row per point: the parameters' values, then the figures. */
export function sweepCsv(s: SweepResult): string {
  const header = [...s.parameters, 'availability', 'availability_halfwidth95', 'p99_ms', 'p99_ms_halfwidth95', 'failed', 'run_cost', 'monthly_cost', 'currency', 'slo', 'not_met'];
  const rows = s.points.map((p) => [
    ...p.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
    p.availability.mean,
    p.availability.halfWidth95,
    p.p99Ms.mean,
    p.p99Ms.halfWidth95,
    p.failed.mean,
    p.runCost,
    p.monthlyCost,
    p.currency,
    p.slo,
    p.notMet.join('; '),
  ]);
  return stringify([header, ...rows.map((r) => r.map((x) => (x === null ? '' : x)))]);
}

/** A sweep's result on stdout (table or --json) and in --out (CSV or JSON): for a sweep and for the merge of its shards alike. */
function printSweep(result: SweepResult, args: { json: boolean; out?: string }, out: OutputFile | undefined): ExitCodeValue {
  const json = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(args.json ? jsonForTerminal(json) : `${formatSweep(result)}\n`);
  if (out !== undefined) return (commitOut(out, /\.csv$/i.test(args.out!) ? sweepCsv(result) : json) as ExitCodeValue | undefined) ?? ExitCode.ok;
  return ExitCode.ok;
}

export async function sweepCommand(raw: unknown): Promise<ExitCodeValue> {
  const args = raw as SweepArgs;
  const spec = args.shard === undefined ? undefined : parseShard(args.shard);
  if (spec !== undefined && (args.out === undefined || /\.csv$/i.test(args.out))) {
    throw new ShardError('--shard needs --out <file.json>: a sweep shard writes a file for simulate merge, not a table', `e.g. --shard ${args.shard} --out sweep-${spec.index}.json`);
  }
  const out = args.out !== undefined ? openOut(args.out) : undefined;
  try {
    const sweep = loadSweep(args, 'sweep');
    const { from, to } = spec === undefined ? { from: 0, to: sweep.points.length } : shardRange(spec, sweep.points.length);
    // A shard keeps nothing of an interrupt (simulate merge takes whole shards); a whole sweep keeps k replications of every point.
    const ran = await sweep.run(Array.from({ length: to - from }, (_, k) => from + k), spec === undefined);
    if (typeof ran === 'number') return ran as ExitCodeValue;
    const points = ran.points;
    const result = sweep.result(points, ran.partial, ran.reached);
    if (spec === undefined) {
      const code = printSweep(result, args, out);
      return code === ExitCode.ok && ran.partial ? ran.partial.exitCode : code;
    }
    const { points: _rows, ...head } = result;
    const text = sweepShardText({ simulate: version, node: process.versions.node, shard: spec, points: { from, to, of: sweep.points.length }, digest: sweepDigest(head, sweep.scenarios), head, rows: points });
    const failed = commitOut(out!, text) as ExitCodeValue | undefined;
    if (failed !== undefined) return failed;
    if (!args.quiet) process.stderr.write(`${safeLine(`simulate: sweep shard ${spec.index}/${spec.count}: points ${from}..${to - 1} of ${sweep.points.length} written to ${args.out!}`)}\n`);
    return ExitCode.ok;
  } finally {
    out?.discard();
  }
}

/** Whether `simulate merge` was given sweep shards (the first file tells). */
export function areSweepShards(files: readonly string[]): boolean {
  return files.length > 0 && isSweepShardFile(files[0]!);
}

/** `simulate merge sweep-*.json`: the sweep one process would have printed. */
export function mergeSweepCommand(args: { files: string[]; json: boolean; quiet: boolean; out?: string }): ExitCodeValue {
  const merged = mergeSweepShards(args.files.map((file) => ({ file, shard: readSweepShard(file) })));
  if (!args.quiet) for (const w of merged.warnings) process.stderr.write(`${safeLine(`simulate: merge: ${w}`)}\n`);
  const out = args.out !== undefined ? openOut(args.out) : undefined;
  try {
    return printSweep(merged.result, args, out);
  } finally {
    out?.discard();
  }
}
