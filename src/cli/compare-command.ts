/**
 * `simulate compare a.json b.json …`: the scenarios with common random
 * numbers, and b − a per metric with its paired and unpaired intervals
 * (compare/compare.ts). `--out x.json` writes the JSON; `--out dir/` a
 * directory with index.html (the differences) and report.html (the runs
 * side by side, report/).
 */
import type { Argv } from 'yargs';
import { compareResults } from '../compare/compare.js';
import { loadVariant } from '../compare/load-variant.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatCompare } from './format-compare.js';
import { isReportDir } from './report-out.js';
import { jsonForTerminal, safeLine } from './safe-text.js';
import { UsageError } from './usage-error.js';
import type { ReplicationResult } from '../run/replication.js';
import type { AutoReplications } from '../run/adaptive.js';
import type { GateMode, Summary } from '../run/summary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { comparisonSettled, watchedMetrics, type CompareAuto } from '../compare/compare-auto.js';
import type { CompareResult } from '../compare/compare.js';
import { alignRuns, checkBudget, commitOut, loadOrUsage, openOut, prepare, runInRounds, variantOptions, type PartialRuns, type VariantArgs } from './variant-options.js';
import { checkCompareOut, writeCompareReport } from './compare-report.js';

interface CompareArgs extends VariantArgs {
  scenarios: string[];
}

export function compareOptions<T>(y: Argv<T>): Argv<T> {
  return variantOptions(
    y.positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'Two scenario files or more; each after the first is compared with the first.' }),
  )
    .option('out', { type: 'string', describe: 'Also write the comparison: a path ending in .json gets the JSON; a directory gets index.html, report.html and compare.json.' })
    .option('precision', { type: 'string', describe: 'With --replications auto: a difference is settled when its paired 95% interval excludes 0 or is within this fraction of a (default 5%).' })
    .option('max-replications', { type: 'number', describe: 'With --replications auto: the cap per scenario (default 100).' }) as Argv<T>;
}

function checkOutDir(out: string | undefined): boolean {
  if (out === undefined || !isReportDir(out)) return false;
  checkCompareOut(out);
  return true;
}

export async function compareCommand(raw: unknown): Promise<ExitCodeValue> {
  const args = raw as CompareArgs;
  if (args.scenarios.length < 2) throw new UsageError('compare needs two scenario files or more, e.g. simulate compare a.json b.json');
  const p = prepare(args, 'compare');
  const toDir = checkOutDir(args.out);
  const out = args.out !== undefined && !toDir ? openOut(args.out) : undefined;
  try {
    const scenarios = args.scenarios.map((file) => loadOrUsage(() => loadVariant(file, p.overrides), args.quiet));
    alignRuns(scenarios, args, p);
    checkBudget(scenarios, 'comparison', p.auto);
    const ran = await runComparison(scenarios, args, p.gate, p.auto);
    if (typeof ran === 'number') return ran as ExitCodeValue;
    const { result, summaries, partial } = ran;
    const done = partial ? partial.exitCode : ExitCode.ok;
    const json = `${JSON.stringify(result, null, 2)}\n`;
    process.stdout.write(args.json ? jsonForTerminal(json) : `${formatCompare(result)}\n`);
    if (out !== undefined) return (commitOut(out, json) as ExitCodeValue | undefined) ?? done;
    if (toDir) {
      try {
        const written = writeCompareReport(args.out!, result, summaries, scenarios);
        if (!args.quiet) process.stderr.write(`${safeLine(`report: ${written.dir}/ (${written.files.join(', ')})`)}\n`);
      } catch (e) {
        process.stderr.write(`${safeLine(`simulate: --out ${args.out}: the comparison was not written (${e instanceof Error ? e.message : String(e)})`)}\n`);
        return ExitCode.badInput;
      }
    }
    return done;
  } finally {
    out?.discard();
  }
}

interface Compared {
  result: CompareResult;
  summaries: Summary[];
  partial?: PartialRuns;
}

/**
 * The comparison of the scenarios' run.replications, or with --replications
 * auto of the rounds until every watched difference is settled
 * (compare/compare-auto.ts), with the `auto` block. Interrupted after k of
 * every scenario: that of those k, marked partial (exit 130/143 once
 * written).
 */
async function runComparison(scenarios: ResolvedScenario[], args: CompareArgs, gate: GateMode, auto: AutoReplications | undefined): Promise<Compared | number> {
  // The last round's comparison, which the test has just made: kept, not made again.
  let last: ReturnType<typeof compareResults> | undefined;
  const settled = (results: ReplicationResult[][]): boolean => comparisonSettled((last = compareResults(scenarios, results, gate)).result, auto!);
  const ran = await runInRounds(scenarios, args, true, auto ? { auto, enough: settled } : undefined);
  if (typeof ran === 'number') return ran;
  const partial = ran.partial;
  const compared = last !== undefined && partial === undefined ? last : compareResults(scenarios, ran.results, gate);
  if (auto) compared.result.auto = { ...auto, reached: ran.reached, metrics: watchedMetrics(compared.result) } satisfies CompareAuto;
  if (partial) Object.assign(compared.result, { partial: true, interrupted: partial.interrupted });
  return { ...compared, ...(partial ? { partial } : {}) };
}
