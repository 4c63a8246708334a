/**
 * What `simulate compare`, `sweep` and `plan` share: the run overrides
 * (--seed, --duration, --replications, --set), the SLO flags (--slo, --gate),
 * the worker pool, the work budget, and writing --out.
 */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import type { RunOverrides } from '../run/overrides.js';
import { OverrideError } from '../run/overrides.js';
import { runPool } from '../run/run-pool.js';
import type { ReplicationResult } from '../run/replication.js';
import { PoolInterrupted, RunInterrupted, type InterruptedInfo } from '../run/run-interrupted.js';
import { RunStopped } from '../run/run-stopped.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { DEFAULT_MAX_EVENTS, estimateWork, flagCount, formatCount } from '../run/work-estimate.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { formatProblem } from '../scenario/scenario-error.js';
import { VaryError } from '../compare/vary.js';
import { exitCodeOf, Interrupts } from './interrupts.js';
import { OutputError, OutputFile } from './output-file.js';
import { safeLine } from './safe-text.js';
import { addCommandLineSlo, gateOf, replicationsOf, SloOptionError, type SloArgs } from './slo-options.js';
import { nextTotal, type AutoReplications } from '../run/adaptive.js';
import { UsageError } from './usage-error.js';
import type { GateMode } from '../run/summary.js';
import type { LoadResult } from '../scenario/load.js';

/** Without --replications and with a scenario asking for fewer than two, a comparison runs this many (one replication gives no interval). */
export const DEFAULT_REPLICATIONS = 10;

export interface VariantArgs extends SloArgs {
  seed?: string;
  duration?: string;
  set?: string | string[];
  workers?: number;
  json: boolean;
  quiet: boolean;
  out?: string;
}

/** The options every variant command takes (yargs). */
export function variantOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('seed', { type: 'string', describe: 'The seed of every scenario (default: the first one\'s): replication i of each uses the same seed.' })
    .option('duration', { type: 'string', describe: 'Override the simulated duration (run.duration) of every scenario.' })
    .option('replications', { type: 'string', describe: `Replications per scenario or point (default: the scenario's, or ${DEFAULT_REPLICATIONS} when it asks for fewer than 2); compare and sweep also take "auto" (see --precision).` })
    .option('set', { type: 'string', describe: 'Override a scenario value, as for a run (repeatable).' })
    .option('slo', { type: 'string', array: true, describe: 'An extra objective (repeatable), as for a run.' })
    .option('gate', { type: 'string', describe: 'How SLOs are decided: "mean" (default) or "bound" (the 95% confidence bound).' })
    .option('workers', { type: 'number', describe: 'Worker threads (default: one per core). The result does not depend on it.' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout instead of the table.' }) as Argv<T>;
}

export interface Prepared {
  overrides: RunOverrides;
  gate: GateMode;
  /** --replications N, when given. */
  replications: number | undefined;
  /** --replications auto (compare and sweep), with --precision and --max-replications. */
  auto?: AutoReplications;
}

/**
 * `allowAuto`: the command takes --replications auto (compare: rounds until
 * the differences are settled, compare/compare-auto.ts; sweep: until every
 * point's gated figures are precise); plan does not.
 */
export function prepare(args: VariantArgs, allowAuto: 'compare' | 'sweep' | false = false): Prepared {
  const isAuto = args.replications !== undefined && String(args.replications) === 'auto';
  if (isAuto && !allowAuto) throw new UsageError('--replications auto is for a run, a comparison or a sweep: give plan a number, e.g. --replications 10');
  if (!isAuto && (args.precision !== undefined || args.maxReplications !== undefined)) {
    throw new UsageError(allowAuto ? '--precision and --max-replications go with --replications auto' : '--precision and --max-replications go with --replications auto, which plan does not take');
  }
  if (isAuto) {
    const { auto } = replicationsOfFlags(args);
    return { overrides: overridesOf(args, undefined), gate: gateOf(args), replications: undefined, auto: auto! };
  }
  const n = args.replications === undefined ? undefined : Number(args.replications);
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 1000)) throw new UsageError(`--replications: expected a whole number from 1 to 1000, got ${JSON.stringify(String(args.replications))}`);
  return { overrides: overridesOf(args, n), gate: gateOf(args), replications: n };
}

/** --replications auto's settings; a bad --precision or --max-replications is a usage error. */
function replicationsOfFlags(args: VariantArgs): { auto?: AutoReplications } {
  try {
    return replicationsOf(args);
  } catch (e) {
    if (e instanceof SloOptionError) throw new UsageError(e.message);
    throw e;
  }
}

function overridesOf(args: VariantArgs, n: number | undefined): RunOverrides {
  if (args.workers !== undefined && (!Number.isInteger(args.workers) || args.workers < 1)) throw new UsageError(`--workers: expected a whole number ≥ 1, got ${args.workers}`);
  return {
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.duration !== undefined ? { duration: args.duration } : {}),
    ...(n !== undefined ? { replications: n } : {}),
    ...(args.set !== undefined ? { set: ([] as string[]).concat(args.set) } : {}),
  };
}

/** A load whose own mistakes (an override's syntax, a --vary path) are usage errors. */
export function loadOrUsage(load: () => LoadResult, quiet: boolean): ResolvedScenario {
  try {
    const { scenario, warnings } = load();
    if (!quiet) for (const w of warnings) process.stderr.write(`${safeLine(formatProblem(w))}\n`);
    return scenario;
  } catch (e) {
    if (e instanceof OverrideError || e instanceof VaryError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Common random numbers need the same seeds and the same replications:
 * every scenario gets the first one's seed and replication count (or the
 * flags'), and the command line's objectives.
 */
export function alignRuns(scenarios: readonly ResolvedScenario[], args: VariantArgs, p: Prepared): void {
  const first = scenarios[0]!;
  // With --replications auto, the cap: what the budget is checked against (each round then sets its own count).
  const reps = p.auto?.maxReplications ?? p.replications ?? (first.run.replications >= 2 ? first.run.replications : DEFAULT_REPLICATIONS);
  for (const s of scenarios) {
    if (s !== first && String(s.run.seed) !== String(first.run.seed) && !args.quiet) {
      process.stderr.write(`${safeLine(`simulate: ${s.file}: seed ${String(s.run.seed)} replaced by ${String(first.run.seed)} (common random numbers: the same seeds for every scenario)`)}\n`);
    }
    s.run.seed = first.run.seed;
    s.run.replications = reps;
    addCommandLineSlo(s, args.slo ?? []);
  }
}

/** Refuse, before anything runs, a comparison or sweep above the default work budget. */
export function checkBudget(scenarios: readonly ResolvedScenario[], what: string, auto?: AutoReplications): void {
  const events = scenarios.reduce((sum, s) => sum + estimateWork(s).events, 0);
  if (events > DEFAULT_MAX_EVENTS) {
    // With --replications auto the budget is that of the cap: the rounds may run up to it.
    const fewer = auto ? `a lower --max-replications (the cap, ${auto.maxReplications}, is what may run)` : 'fewer points or replications';
    throw new UsageError(`the ${what} asks for about ${formatCount(events)} events in all, above the budget of ${formatCount(DEFAULT_MAX_EVENTS)} (about ${flagCount(events)}): ${fewer}, or a shorter --duration`);
  }
}

/** Worker threads: the flag (at most the cores) or one per core. */
export function workersOf(flag: number | undefined): number {
  const cores = availableParallelism();
  return Math.max(1, Math.min(flag ?? cores, cores));
}

/**
 * An interrupted `compare` or `sweep` (Ctrl-C, SIGTERM) that had completed
 * replications 0..k-1 of every scenario: those results, the scenarios set to
 * k replications (so every figure is the one `--replications k` gives, byte
 * for byte), and what to say of it.
 */
export interface PartialRuns {
  results: ReplicationResult[][];
  interrupted: InterruptedInfo;
  exitCode: ExitCodeValue;
}

/** Where a round of --replications auto (compare, sweep) starts, and what it says of the whole when interrupted. */
interface RoundOptions {
  /** The first replication to run (the earlier ones are done): the results are replications from.. of each scenario. */
  from: number;
  /** The replications asked for in all (the cap), for the interrupt's message and record. */
  requested: number;
}

/**
 * Every scenario's replications on the pool. A number is the exit code to
 * end with (an interrupt, or a point past run.maxRequestsInSystem), after
 * the message on stderr. With `keepPartial`, an interrupt after replications
 * 0..k-1 (k ≥ 1) of every scenario returns them as PartialRuns. With
 * `round`, only replications round.from.. run, and the results (partial
 * ones too) are those: k counts the earlier ones as done.
 */
async function runAll(scenarios: readonly ResolvedScenario[], args: VariantArgs, keepPartial = false, round?: RoundOptions): Promise<ReplicationResult[][] | PartialRuns | number> {
  const from = round?.from ?? 0;
  const interrupts = new Interrupts(() => undefined);
  const tty = !args.quiet && process.stderr.isTTY === true;
  // SIMULATE_PROGRESS=lines: a plain line per run done, for scripts and tests that wait on progress (as a run's, cli/progress.ts).
  const lines = process.env.SIMULATE_PROGRESS === 'lines';
  const onJobDone = lines
    ? (done: number, total: number) => process.stderr.write(`simulate: ${done}/${total} runs done\n`)
    : tty
      ? (done: number, total: number) => process.stderr.write(`\r\x1b[2Ksimulate: ${done}/${total} runs${done === total ? '\n' : ''}`)
      : undefined;
  try {
    return await runPool(scenarios, { workers: workersOf(args.workers), signal: interrupts.signal, fromReplication: from, ...(onJobDone ? { onJobDone } : {}) });
  } catch (e) {
    if (e instanceof RunStopped) {
      // A point (or scenario) overloaded past run.maxRequestsInSystem: the system did not cope (exit 1), as for a run.
      process.stderr.write(`${safeLine(`simulate: ${e.message}; nothing written (raise --set run.maxRequestsInSystem=… or leave that setting out of the sweep)`)}\n`);
      return ExitCode.sloFailed;
    }
    if (!(e instanceof RunInterrupted)) throw e;
    const requested = round?.requested ?? Math.max(...scenarios.map((s) => s.run.replications));
    const fresh = e instanceof PoolInterrupted ? Math.min(...e.done.map((d) => d.length)) : 0; // of this call's, from `from` on
    const k = from + fresh;
    if (!keepPartial || k === 0) {
      process.stderr.write(`simulate: interrupted (${e.signal}): nothing written${keepPartial ? ' (no replication of every scenario had completed)' : ''}\n`);
      return exitCodeOf(e.signal);
    }
    for (const s of scenarios) s.run.replications = k;
    process.stderr.write(`simulate: interrupted (${e.signal}): the result covers replications 1..${k} of every scenario (of ${requested}), marked partial\n`);
    return {
      results: e instanceof PoolInterrupted ? e.done.map((d) => d.slice(0, fresh)) : scenarios.map(() => []),
      interrupted: { signal: e.signal, completedReplications: k, requestedReplications: requested },
      exitCode: exitCodeOf(e.signal),
    };
  } finally {
    interrupts.remove();
  }
}

/** What `runInRounds` ran: every scenario's replications, whether the rounds' test was met, and the interrupt if one stopped them. */
export interface Rounds {
  results: ReplicationResult[][];
  /** `enough` said yes before the cap (false when interrupted; true without --replications auto). */
  reached: boolean;
  partial?: PartialRuns;
}

/** --replications auto's settings and its test of the results so far. */
export interface RoundsUntil {
  auto: AutoReplications;
  enough: (results: ReplicationResult[][]) => boolean;
}

/**
 * Every scenario's replications, as runAll runs them (with `keepPartial`,
 * an interrupt's completed prefix), in one round of run.replications, or
 * with `until` (--replications auto for compare and sweep) in rounds of
 * 10, 20, 40, … (each round runs only the new ones, every scenario the same
 * number: common random numbers pair them) until `until.enough(results)`
 * or the cap. The rounds depend on the results alone, never on the
 * workers, so what follows is the same as with `--replications N` for the
 * N they stopped at. Interrupted: the earlier rounds and the current one's
 * completed prefix (PartialRuns, with the whole count). A number is
 * runAll's exit code.
 */
export async function runInRounds(scenarios: readonly ResolvedScenario[], args: VariantArgs, keepPartial: boolean, until?: RoundsUntil): Promise<Rounds | number> {
  const results: ReplicationResult[][] = scenarios.map(() => []);
  for (;;) {
    const from = results[0]!.length;
    const to = until ? nextTotal(from, until.auto) : scenarios[0]!.run.replications;
    if (until) for (const s of scenarios) s.run.replications = to;
    const ran = await runAll(scenarios, args, keepPartial, until ? { from, requested: until.auto.maxReplications } : undefined);
    if (typeof ran === 'number') return ran;
    const partial = isPartial(ran) ? ran : undefined;
    (partial ? partial.results : (ran as ReplicationResult[][])).forEach((r, k) => results[k]!.push(...r));
    if (partial) return { results, reached: false, partial };
    if (!until) return { results, reached: true };
    const met = until.enough(results);
    if (met || to >= until.auto.maxReplications) return { results, reached: met };
  }
}

/** Whether runAll's answer is a partial one. */
function isPartial(r: ReplicationResult[][] | PartialRuns | number): r is PartialRuns {
  return typeof r === 'object' && !Array.isArray(r);
}

/** Open --out for writing before anything runs (a bad path fails at once). */
export function openOut(path: string): OutputFile {
  if (path === '-' || path === '/dev/stdout') throw new UsageError(`--out ${path}: for the result on standard output, use --json`);
  try {
    return new OutputFile(path);
  } catch (e) {
    if (e instanceof OutputError) throw new UsageError(e.message);
    throw e;
  }
}

/** Write --out; a failure is said on stderr and exits 2. */
export function commitOut(out: OutputFile, text: string): number | undefined {
  try {
    out.commit(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    process.stderr.write(`${safeLine(`simulate: ${e.message}`)}\n`);
    return 2;
  }
}
