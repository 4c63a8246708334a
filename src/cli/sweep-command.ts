/**
 * `simulate sweep scenario.json --vary path=values [--vary path=values]`:
 * the scenario at every point of the grid (compare/vary.ts), each with the
 * same replications and seeds; a table, `--json`, or `--out x.json|x.csv`.
 */
import type { Argv } from 'yargs';
import { stringify } from 'csv-stringify/sync';
import { loadVariant } from '../compare/load-variant.js';
import { pointResult, sweepResult, type PointResult, type SweepResult } from '../compare/sweep.js';
import { parseVary, sweepPoints, VaryError, type SweepPoint, type Vary } from '../compare/vary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatSweep } from './format-compare.js';
import { jsonForTerminal } from './safe-text.js';
import { UsageError } from './usage-error.js';
import { alignRuns, checkBudget, commitOut, loadOrUsage, openOut, prepare, runAll, variantOptions, type Prepared, type VariantArgs } from './variant-options.js';

export interface SweepArgs extends VariantArgs {
  scenario: string;
  vary?: string | string[];
}

export function sweepOptions<T>(y: Argv<T>): Argv<T> {
  return variantOptions(y.positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (JSON).' }))
    .option('vary', { type: 'string', describe: "A value to sweep: --vary 'tiers.web.servers[1].count=0..10' (lists 1,2,4; ranges 0..10; steps 0..20:5; durations 2min..20min:2min). Once, or twice for a grid." })
    .option('out', { type: 'string', describe: 'Also write the result: a path ending in .csv gets the CSV table, any other the JSON.' }) as Argv<T>;
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

  async run(indices: number[]): Promise<PointResult[] | number> {
    const chosen = indices.map((i) => this.scenarios[i]!);
    const results = await runAll(chosen, this.args);
    if (typeof results === 'number') return results;
    return indices.map((i, k) => pointResult(this.points[i]!, this.varies, this.scenarios[i]!, results[k]!, this.prepared.gate).result);
  }

  result(points: PointResult[]): SweepResult {
    return sweepResult(this.varies, this.scenarios[0]!, points, this.prepared.gate);
  }
}

/** Parse the --vary flags and load (validate) every point before anything runs. */
export function loadSweep(args: SweepArgs, what: string): Sweep {
  const p = prepare(args);
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
  checkBudget(scenarios, what);
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

export async function sweepCommand(raw: unknown): Promise<ExitCodeValue> {
  const args = raw as SweepArgs;
  const out = args.out !== undefined ? openOut(args.out) : undefined;
  try {
    const sweep = loadSweep(args, 'sweep');
    const points = await sweep.run(sweep.points.map((_, i) => i));
    if (typeof points === 'number') return points as ExitCodeValue;
    const result = sweep.result(points);
    const json = `${JSON.stringify(result, null, 2)}\n`;
    process.stdout.write(args.json ? jsonForTerminal(json) : `${formatSweep(result)}\n`);
    if (out !== undefined) return (commitOut(out, /\.csv$/i.test(args.out!) ? sweepCsv(result) : json) as ExitCodeValue | undefined) ?? ExitCode.ok;
    return ExitCode.ok;
  } finally {
    out?.discard();
  }
}
