#!/usr/bin/env node
/**
 * `simulate`: the command-line entry point.
 *
 *   simulate <scenario.json> [--seed N] [--duration 10min] [--replications N|auto] [--window 1min] [--json] [--quiet] [--out file]
 *            [--slo EXPR]… [--gate mean|bound] [--precision 5%] [--max-replications N] [--junit FILE] [--summary-md FILE]
 *   simulate validate <files…>
 *   simulate <scenario.json> --shard K/N --out shard-K.json;  simulate merge <shard files…> [--json] [--out file]
 *   simulate metrics [scenario.json]
 *   simulate compare a.json b.json … | sweep s.json --vary path=values | plan s.json --vary path=values
 *
 * Every user mistake ends in a one-line message per problem and exit code 2;
 * only a bug in the simulator exits 3. No stack trace unless SIMULATE_DEBUG=1.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runScenario, type RunScenarioOptions } from '../run/run-scenario.js';
import type { Summary } from '../run/summary.js';
import { loadScenario } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { blameOverrides, overrideScenarioData, OverrideError } from '../run/overrides.js';
import { DEFAULT_MAX_EVENTS, describeEstimate, ENGINE_EVENTS_PER_SECOND, estimateWork, flagCount, formatCount } from '../run/work-estimate.js';
import { formatDuration } from '../scenario/units.js';
import { checkFlags, VALUE_FLAGS } from './flags.js';

const VALUE_FLAG_NAMES = new RegExp(`^(${Object.keys(VALUE_FLAGS).join('|')})$`);
import { OutputError, OutputFile } from './output-file.js';
import { availableParallelism } from 'node:os';
import { formatProblem, ScenarioError } from '../scenario/scenario-error.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { stoppedMessage } from './format-summary.js';
import { RunStopped } from '../run/run-stopped.js';
import { RunInterrupted } from '../run/run-interrupted.js';
import { ReplicationCrashed } from '../run/replication-crashed.js';
import { exitCodeOf, Interrupts } from './interrupts.js';
import { Progress, replicationLines } from './progress.js';
import { metricsText } from './metrics-command.js';
import { addCommandLineSlo, gateOf, replicationsOf, SloOptionError, type SloArgs } from './slo-options.js';
import { safeLine, safeLines } from './safe-text.js';
import { checkReportDir, isReportDir, ReportOutError } from './report-out.js';
import { reportSummary } from './report-summary.js';
import { mergeCommand, runShardToFile, ShardError } from './shard-command.js';
import { UsageError } from './usage-error.js';
import { compareCommand, compareOptions } from './compare-command.js';
import { sweepCommand, sweepOptions } from './sweep-command.js';
import { planCommand, planOptions } from './plan-command.js';

/** Replications estimated above this many events (about 2 s) run in a worker even alone, so Ctrl-C is handled at once (interrupts.ts). */
const ISOLATE_EVENTS = 2 * ENGINE_EVENTS_PER_SECOND;


interface RunArgs extends SloArgs {
  scenario: string;
  seed?: string;
  duration?: string;
  maxInSystem?: number;
  window?: string;
  workers?: number;
  json: boolean;
  quiet: boolean;
  out?: string;
  maxEvents?: string;
  set?: string | string[];
  shard?: string;
}

/** Parse --max-events: a count ("5e9", "5000000000") or "unlimited". */
function maxEventsOf(v: string | undefined): number {
  if (v === undefined) return DEFAULT_MAX_EVENTS;
  if (/^\s*(unlimited|none|infinity)\s*$/i.test(v)) return Infinity;
  const n = Number(v.replace(/_/g, ''));
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--max-events: expected a number of events such as 5e9, or "unlimited", got ${JSON.stringify(v)}`);
  return n;
}

/** How many worker threads: the flag (capped at the cores, with a note) or one per core, never more than replications. */
function workerCount(flag: number | undefined, replications: number, quiet: boolean): number {
  const cores = availableParallelism();
  if (flag === undefined) return Math.min(replications, cores);
  if (!Number.isInteger(flag) || flag < 1) throw new UsageError(`--workers: expected a whole number ≥ 1, got ${flag}`);
  if (flag > cores) {
    if (!quiet) process.stderr.write(`simulate: --workers ${flag} is more than the ${cores} core(s) of this machine: using ${cores} (each worker costs about 25 MB and more would only share the cores)\n`);
    return Math.min(cores, replications);
  }
  return Math.min(flag, replications);
}

async function runCommand(args: RunArgs): Promise<ExitCodeValue> {
  const maxEvents = maxEventsOf(args.maxEvents);
  if (args.workers !== undefined && (!Number.isInteger(args.workers) || args.workers < 1)) {
    throw new UsageError(`--workers: expected a whole number ≥ 1, got ${args.workers}`);
  }
  // Prepare the output file first, so a bad path fails before a long run (hyperfine does the same).
  let out: OutputFile | undefined;
  if (args.out === '-' || args.out === '/dev/stdout') throw new UsageError(`--out ${args.out}: for the JSON summary on standard output, use --json`);
  if (args.out !== undefined && isReportDir(args.out) && args.shard === undefined) {
    try {
      checkReportDir(args.out);
    } catch (e) {
      if (e instanceof ReportOutError) throw new UsageError(e.message);
      throw e;
    }
  }
  else if (args.out !== undefined) {
    try {
      out = new OutputFile(args.out);
    } catch (e) {
      if (e instanceof OutputError) throw new UsageError(e.message);
      throw e;
    }
  }
  const interrupts = new Interrupts(() => out?.discard()); // Ctrl-C keeps what is done (interrupts.ts)
  try {
    return await runAndReport(args, maxEvents, out, interrupts.signal);
  } finally {
    interrupts.remove();
    out?.discard(); // nothing is left behind when the run did not get to the end
  }
}

async function runAndReport(args: RunArgs, maxEvents: number, out: OutputFile | undefined, signal: AbortSignal): Promise<ExitCodeValue> {
  const reps = replicationsOf(args);
  const gate = gateOf(args);
  const { loaded, overrides } = loadWithOverrides(args, reps);
  const scenario = loaded.scenario;
  if (!args.quiet) for (const w of loaded.warnings) process.stderr.write(`${safeLine(formatProblem(w))}\n`);
  const estimate = checkWork(scenario, maxEvents, overrides);
  addCommandLineSlo(scenario, args.slo ?? []);
  if (args.shard !== undefined) {
    if (reps.auto) throw new UsageError('--shard runs a fixed slice of the replications: it cannot be combined with --replications auto');
    const workers = workerCount(args.workers, scenario.run.replications, args.quiet);
    return runShardToFile(scenario, { shard: args.shard, quiet: args.quiet, workers, events: estimate.events, isolate: estimate.events / scenario.run.replications > ISOLATE_EVENTS }, out, signal);
  }
  const workers = workerCount(args.workers, reps.auto?.maxReplications ?? scenario.run.replications, args.quiet);
  const progress = args.quiet ? undefined : Progress.forStderr(scenario.name, estimate.events, reps.auto?.maxReplications ?? scenario.run.replications);
  const summary = await runWithSignal(scenario, args, {
    workers,
    gate,
    signal,
    isolate: estimate.events / scenario.run.replications > ISOLATE_EVENTS,
    onReplicationDone: replicationLines(reps.auto?.maxReplications ?? scenario.run.replications),
    ...(reps.auto ? { auto: reps.auto } : {}),
    ...(progress ? { onProgress: (f: number) => progress.update(f) } : {}),
  }, progress);
  if (typeof summary === 'number') return summary;
  progress?.done();
  return reportSummary(args, summary, scenario, out);
}

/** The scenario with the command line's overrides applied; a problem they caused names the flag. */
function loadWithOverrides(args: RunArgs, reps: ReturnType<typeof replicationsOf>) {
  const overrides = {
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.duration !== undefined ? { duration: args.duration } : {}),
    ...(reps.fixed !== undefined ? { replications: reps.fixed } : {}),
    ...(args.maxInSystem !== undefined ? { maxRequestsInSystem: args.maxInSystem } : {}),
    ...(args.window !== undefined ? { window: args.window } : {}),
    ...(args.set !== undefined ? { set: ([] as string[]).concat(args.set) } : {}),
  };
  let loaded;
  try {
    loaded = loadScenario(args.scenario, (data) => overrideScenarioData(data, overrides));
  } catch (e) {
    if (e instanceof OverrideError) throw new UsageError(e.message);
    if (e instanceof ScenarioError) throw blameOverrides(e, overrides);
    throw e;
  }
  return { loaded, overrides };
}

/** Work bounds, before anything runs (work-estimate.ts): the budget, and something to measure. */
function checkWork(scenario: ResolvedScenario, maxEvents: number, overrides: { duration?: string }): ReturnType<typeof estimateWork> {
  const estimate = estimateWork(scenario);
  if (estimate.events > maxEvents) {
    throw new ScenarioError([
      {
        file: scenario.file,
        path: estimate.where,
        message: `the run asks for ${describeEstimate(estimate, scenario.run.replications)}, above the budget of ${formatCount(maxEvents)} events (about ${formatDuration(maxEvents / ENGINE_EVENTS_PER_SECOND)} at ${ENGINE_EVENTS_PER_SECOND / 1e6} M events/s)`,
        suggestion: `check the rates, intervals and durations; to run it anyway, pass --max-events ${flagCount(estimate.events * 1.1)} (or --max-events unlimited)`,
        severity: 'error',
      },
    ]);
  }
  if (estimate.measuredArrivals < 1) {
    const flag = overrides.duration !== undefined ? `--duration ${overrides.duration}` : undefined;
    throw new ScenarioError([
      {
        file: scenario.file,
        path: flag ? '' : 'run.duration',
        message: `${flag ? `with ${flag}, ` : ''}about ${estimate.measuredArrivals.toPrecision(2)} requests would arrive after the warm-up: nothing would be measured`,
        suggestion: 'simulate longer (a few minutes at least), or raise the rate',
        severity: 'error',
      },
    ]);
  }

  return estimate;
}

/** Run; an interrupt with nothing completed or a stop at the in-system limit is an exit code instead of a summary. */
async function runWithSignal(scenario: ResolvedScenario, args: RunArgs, options: RunScenarioOptions, progress: Progress | undefined): Promise<Summary | ExitCodeValue> {
  let summary: Summary;
  try {
    summary = await runScenario(scenario, options);
  } catch (e) {
    progress?.done();
    if (e instanceof RunInterrupted) {
      process.stderr.write(`simulate: ${e.message}: nothing written\n`);
      return exitCodeOf(e.signal);
    }
    if (e instanceof ReplicationCrashed) {
      process.stderr.write(`${safeLines(`simulate: internal error: ${e.message}\nsimulate: no replication had completed: nothing written\nsimulate: this is a bug; please report it with the scenario file and that seed.`)}\n`);
      return ExitCode.internalError;
    }
    if (!(e instanceof RunStopped)) throw e;
    const message = safeLine(stoppedMessage(scenario.name, e.details));
    process.stderr.write(`simulate: ${message}\n`);
    if (!args.json) process.stdout.write(`${message}\n`);
    return ExitCode.sloFailed;
  }
  return summary;
}

function validateCommand(files: string[], quiet: boolean): ExitCodeValue {
  let bad = 0;
  for (const file of files) {
    try {
      const { scenario, warnings } = loadScenario(file);
      if (!quiet) for (const w of warnings) process.stderr.write(`${safeLine(formatProblem(w))}\n`);
      const estimate = estimateWork(scenario);
      if (!quiet && estimate.events > DEFAULT_MAX_EVENTS) {
        process.stderr.write(
          `${safeLine(formatProblem({ file, path: estimate.where, severity: 'warning', message: `a run asks for ${describeEstimate(estimate, scenario.run.replications)}, above the default work budget of ${formatCount(DEFAULT_MAX_EVENTS)}`, suggestion: `it will be refused unless run with --max-events ${flagCount(estimate.events * 1.1)}` }))}\n`,
        );
      }
      process.stdout.write(`${safeLine(`${file}: ok (${scenario.name}${warnings.length ? `, ${warnings.length} warning(s)` : ''})`)}\n`);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      bad++;
      process.exitCode = ExitCode.badInput; // kept if standard output turns out to be a closed pipe
      for (const p of e.problems) process.stderr.write(`${safeLine(formatProblem(p))}\n`);
    }
  }
  return bad > 0 ? ExitCode.badInput : ExitCode.ok;
}

// long: the command line is one declarative yargs chain (commands, options, examples, epilogue): in one place it reads as the --help it prints.
export async function main(argv: string[]): Promise<ExitCodeValue> {
  let code: ExitCodeValue = ExitCode.ok;
  // yargs drops a bare "-": it names standard input, as /dev/stdin does (io/input-file.ts).
  argv = argv.map((a, i) => (a === '-' && !(argv[i - 1] ?? '').replace(/^--?/, '').match(VALUE_FLAG_NAMES) ? '/dev/stdin' : a));
  const flagProblem = checkFlags(argv);
  if (flagProblem !== undefined) throw new UsageError(flagProblem);
  const parser = yargs(argv)
    .scriptName('simulate')
    .usage(
      [
        'Usage: $0 <scenario.json> [options]',
        '       $0 validate <files…>',
        '       $0 compare <a.json> <b.json…> | sweep <s.json> --vary path=values | plan <s.json> --vary path=values',
        '',
        'Replays a hosted-infrastructure scenario (traffic, load balancers, server',
        'tiers) and reports availability, latency percentiles and utilisation.',
      ].join('\n'),
    )
    .command(
      'validate <files..>',
      'Check scenario files without running them; exits 2 if any has an error.',
      (y) => y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'Scenario files to check.' }),
      (a) => {
        code = validateCommand(a.files as string[], a.quiet as boolean);
      },
    )
    .command(
      'merge <files..>',
      'Summarise the shard files of one run (written with --shard K/N --out): the summary one process would have given; exits like a run. Given sweep shards (simulate sweep … --shard K/N --out), prints the sweep one process would have (--json, --out .csv|.json).',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'The shard files, all N of them, in any order.' })
          .option('json', { type: 'boolean', default: false, describe: 'Print the JSON summary.' })
          .option('out', { type: 'string', describe: 'Also write the summary (.json) or a report directory.' })
          .option('slo', { type: 'string', array: true, describe: 'An extra objective (as for a run).' })
          .option('gate', { type: 'string', describe: 'How SLOs are decided: "mean" or "bound".' })
          .option('junit', { type: 'string', describe: 'Write a JUnit XML report.' })
          .option('summary-md', { type: 'string', describe: 'Write a Markdown summary.' }),
      (a) => {
        code = mergeCommand(a as unknown as Parameters<typeof mergeCommand>[0]);
      },
    )
    .command(
      'metrics [scenario]',
      'List every metric path with its unit (with a scenario: its own names filled in).',
      (y) => y.positional('scenario', { type: 'string', describe: 'Scenario file whose class, tier and server names to fill in.' }),
      (a) => {
        const file = a.scenario as string | undefined;
        process.stdout.write(`${metricsText(file === undefined ? undefined : loadScenario(file).scenario)}\n`);
      },
    )
    .command('compare <scenarios..>', 'Run scenarios with common random numbers and report b − a with paired and unpaired intervals.', compareOptions, async (a) => {
      code = await compareCommand(a);
    })
    .command('sweep <scenario>', 'Run a scenario at every value of one or two --vary parameters (same seeds at every point).', sweepOptions, async (a) => {
      code = await sweepCommand(a);
    })
    .command('plan <scenario>', 'The cheapest setting of the --vary parameters that meets every SLO, with the cost/availability frontier.', planOptions, async (a) => {
      code = await planCommand(a);
    })
    .command(
      '$0 <scenario>',
      'Run a scenario and print its summary.',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (JSON), e.g. scenarios/sofoot-worldcup.json.' })
          .option('seed', { type: 'string', describe: "Override the scenario's seed (run.seed). Same seed ⇒ same summary." })
          .option('duration', { type: 'string', describe: 'Override the simulated duration (run.duration), with a unit: "30min", "2h".' })
          .option('replications', {
            type: 'string',
            describe: 'Override the number of independent replications (run.replications), or "auto": run until the gated figures are precise (see --precision).',
          })
          .option('slo', { type: 'string', array: true, describe: 'An extra objective, e.g. --slo "classes.page.latencyMs.p99 < 2s" (repeatable; grammar in docs/slo.md).' })
          .option('gate', { type: 'string', describe: 'How SLOs are decided: "mean" (the measured figure, default) or "bound" (its 95% confidence bound across replications).' })
          .option('precision', { type: 'string', describe: 'With --replications auto: target 95% half-width relative to the mean (default 5%).' })
          .option('max-replications', { type: 'number', describe: 'With --replications auto: the cap (default 100).' })
          .option('junit', { type: 'string', describe: 'Write a JUnit XML report, one test case per SLO.' })
          .option('summary-md', { type: 'string', describe: 'Write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set).' })
          .option('max-in-system', {
            type: 'number',
            describe: 'Override run.maxRequestsInSystem: the run stops (exit 1) when more requests than this are in the system at once (default 2,000,000, about 130 bytes each).',
          })
          .option('window', {
            type: 'string',
            describe: "Length of the summary's time windows (run.window), with a unit: \"1min\". Default: from the run length (about 300 windows, at most 15min); at most 50,000 windows (a month of 1-minute windows).",
          })
          .option('set', {
            type: 'string',
            describe: "Override any scenario value, e.g. --set tiers.web.servers[1].count=3 --set run.duration=2h (repeatable; JSON or a string with its unit; null deletes; validated like the file).",
          })
          .option('shard', {
            type: 'string',
            describe: 'Run only shard K of N of the replications (K/N, 1-based) and write a shard file to --out for `simulate merge` (docs/shards.md).',
          })
          .option('workers', {
            type: 'number',
            describe: 'Worker threads for the replications (default: one per core, at most one per replication; more than the cores is capped at the cores). The summary does not depend on it.',
          })
          .option('json', { type: 'boolean', default: false, describe: 'Print the machine-readable JSON summary on stdout instead of the table.' })
          .option('out', {
            type: 'string',
            describe: 'Also write the results: a path ending in .json gets the JSON summary (written to a temporary file and renamed when complete, so an existing result is never truncated); any other path is a report directory (summary.json, CSV tables, report.html), written whole or not at all.',
          })
          .option('max-events', {
            type: 'string',
            describe: `Work budget: refuse a run whose estimated events (arrivals × tiers, probes, failures, all replications) exceed this; "unlimited" lifts it. Default: ${DEFAULT_MAX_EVENTS.toExponential()}.`,
          }),
      async (a) => {
        code = await runCommand(a as unknown as RunArgs);
      },
    )
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress or warnings on stderr; a one-line result instead of the table.' })
    .example('$0 scenarios/sofoot-worldcup.json', 'Run the World Cup scenario and print a table.')
    .example('$0 scenarios/sofoot-worldcup.json --json --seed 7', 'Machine-readable summary for another seed.')
    .example('$0 scenarios/sofoot-worldcup.json --quiet || echo "SLO breached"', 'Capacity gate in CI: exit 1 when an SLO fails.')
    .example('$0 validate scenarios/*.json', 'Check every scenario without running it.')
    .example("$0 s.json --slo 'classes.page.latencyMs.p99 < 2s' --replications auto --gate bound --junit slo.xml", 'CI gate on the confidence bound, with a JUnit report.')
    .example('$0 metrics scenarios/sofoot-worldcup.json', 'Every figure an SLO can name in that scenario.')
    .example('$0 s.json --shard 2/3 --out shard-2.json && $0 merge shard-*.json', 'One run over three machines: each runs a slice, then merge.')
    .example('$0 compare scenarios/sofoot-autoscale-20min.json scenarios/sofoot-autoscale-4min.json', 'Paired differences with common random numbers.')
    .example("$0 plan scenarios/sofoot-transfer-window.json --vary 'tiers.web.servers[1].count=4..9'", 'The cheapest count that meets every SLO.')
    .epilogue('Exit codes: 0 ok, 1 an SLO failed, 2 bad usage or bad scenario, 3 internal error (a crashed replication: the summary of those completed before it, marked partial), 130/143 interrupted by Ctrl-C/SIGTERM (the summary of the replications done, marked partial). Exit 1 too when a tier was unstable (its queue kept growing) or the run stopped at --max-in-system.')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(null)
    .fail((msg, err) => {
      if (err) throw err;
      if (/^Not enough non-option arguments/.test(msg)) {
        throw new UsageError('which scenario? pass a scenario file, e.g. simulate scenarios/sofoot-worldcup.json');
      }
      throw new UsageError(msg);
    })
    .exitProcess(false);
  await parser.parseAsync();
  return code;
}

/**
 * A closed pipe (`simulate validate scenarios/*.json | head -1`) is the
 * reader saying it has enough: stop quietly with the exit code so far,
 * without a stack trace.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
    // Another write error (EIO): say so where it can still be said, without a stack trace.
    if (stream !== process.stderr) process.stderr.write(`simulate: cannot write the output (${e.code ?? e.message})\n`);
    process.exit(ExitCode.badInput); // an output fault, like --out's: not a bug of the simulator
  });
}

async function entry(): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  let code: ExitCodeValue;
  try {
    code = await main(hideBin(process.argv));
  } catch (e) {
    if (e instanceof ScenarioError) {
      for (const p of e.problems) process.stderr.write(`${safeLine(formatProblem(p))}\n`);
      code = ExitCode.badInput;
    } else if (e instanceof ShardError) {
      process.stderr.write(`${safeLine(`simulate: ${e.message}`)}\n${safeLine(`  suggestion: ${e.suggestion}`)}\n`);
      code = ExitCode.badInput;
    } else if (e instanceof UsageError || e instanceof SloOptionError) {
      process.stderr.write(`${safeLine(`simulate: ${e.message} (see simulate --help)`)}\n`);
      code = ExitCode.badInput;
    } else {
      const err = e instanceof Error ? e : new Error(String(e));
      process.stderr.write(`${safeLine(`simulate: internal error: ${err.message} — this is a bug; please report it with the scenario file.`)}\n`);
      if (process.env.SIMULATE_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
      else process.stderr.write('simulate: set SIMULATE_DEBUG=1 to see the stack trace.\n');
      code = ExitCode.internalError;
    }
  }
  process.exitCode = code;
}

await entry();
