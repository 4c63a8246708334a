/**
 * `simulate plan scenario.json --vary …`: the cheapest point of the sweep
 * that meets every SLO under the gate, with the cost/availability frontier
 * (compare/plan.ts documents the searches and their cost in runs). Exit 0
 * when a setting is chosen, 1 when no point run meets every SLO.
 */
import type { Argv } from 'yargs';
import { plan, type PlanSearch } from '../compare/plan.js';
import type { PointResult } from '../compare/sweep.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatPlan } from './format-compare.js';
import { jsonForTerminal } from './safe-text.js';
import { UsageError } from './usage-error.js';
import { commitOut, openOut } from './variant-options.js';
import { loadSweep, sweepOptions, type SweepArgs } from './sweep-command.js';

interface PlanArgs extends SweepArgs {
  search?: string;
}

export function planOptions<T>(y: Argv<T>): Argv<T> {
  return sweepOptions(y).option('search', {
    type: 'string',
    describe: '"grid" (default: every point) or "bisect" (one numeric parameter, assumed monotone: the SLOs that hold at a value hold at every larger one; 1 + ⌈log2 n⌉ points).',
  }) as Argv<T>;
}

/** An interrupt inside the search: its exit code. */
class Stopped {
  constructor(readonly code: number) {}
}

function searchOf(args: PlanArgs): PlanSearch {
  if (args.search === undefined || args.search === 'grid' || args.search === 'bisect') return (args.search as PlanSearch | undefined) ?? 'grid';
  throw new UsageError(`--search: expected "grid" or "bisect", got ${JSON.stringify(args.search)}`);
}

export async function planCommand(raw: unknown): Promise<ExitCodeValue> {
  const args = raw as PlanArgs;
  const search = searchOf(args);
  const out = args.out !== undefined ? openOut(args.out) : undefined;
  try {
    const sweep = loadSweep(args, 'plan');
    if (sweep.scenarios[0]!.slo.length === 0) throw new UsageError(`plan looks for the cheapest setting that meets every SLO, and ${args.scenario} has none: add objectives ("slo" in the file, or --slo 'availability.requests >= 0.999')`);
    const values = sweep.varies[0]!.values;
    if (search === 'bisect' && (sweep.varies.length !== 1 || !values.every((v, i) => typeof v === 'number' && (i === 0 || v > (values[i - 1] as number))))) {
      throw new UsageError('--search bisect: needs one --vary of increasing numbers (a count, e.g. --vary tiers.web.servers[0].count=1..16); use --search grid otherwise');
    }
    const evaluate = async (indices: number[]): Promise<PointResult[]> => {
      const r = await sweep.run(indices);
      if (typeof r === 'number') throw new Stopped(r);
      return r.points;
    };
    const result = await plan(sweep.points.length, sweep.scenarios[0]!.run.replications, search, evaluate);
    const json = `${JSON.stringify({ ...sweep.result(result.points), ...result }, null, 2)}\n`;
    process.stdout.write(args.json ? jsonForTerminal(json) : `${formatPlan(result, sweep.scenarios[0]!.run.replications)}\n`);
    const written = out !== undefined ? commitOut(out, json) : undefined;
    return (written as ExitCodeValue | undefined) ?? (result.chosen === null ? ExitCode.sloFailed : ExitCode.ok);
  } catch (e) {
    if (e instanceof Stopped) return e.code as ExitCodeValue;
    throw e;
  } finally {
    out?.discard();
  }
}
