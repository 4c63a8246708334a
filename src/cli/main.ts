#!/usr/bin/env node
/**
 * `simulate`: the command-line entry point.
 *
 *   simulate <scenario.json> [--seed N] [--duration 10min] [--replications N] [--window 1min] [--json] [--quiet] [--out file]
 *   simulate validate <files…>
 *
 * Every user mistake ends in a one-line message per problem and exit code 2;
 * only a bug in the simulator exits 3. No stack trace unless SIMULATE_DEBUG=1.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runScenario } from '../run/run-scenario.js';
import type { Summary } from '../run/summary.js';
import { loadScenario } from '../scenario/load.js';
import { overrideScenarioData, OverrideError } from '../run/overrides.js';
import { availableParallelism } from 'node:os';
import { formatProblem, ScenarioError } from '../scenario/scenario-error.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatSummary } from './format-summary.js';
import { Progress } from './progress.js';

/** A mistake on the command line (not in the scenario). */
class UsageError extends Error {}

interface RunArgs {
  scenario: string;
  seed?: string;
  duration?: string;
  replications?: number;
  window?: string;
  workers?: number;
  json: boolean;
  quiet: boolean;
  out?: string;
}

function oneLine(s: Summary): string {
  const p99 = s.latencyMs.p99 === null ? '–' : `${s.latencyMs.p99} ms`;
  const avail = s.availability.requests === null ? '–' : `${(s.availability.requests * 100).toFixed(3)}%`;
  const failedSlo = s.slo.filter((v) => !v.ok);
  const slo = s.slo.length === 0 ? '' : failedSlo.length === 0 ? ', SLO ok' : `, SLO FAILED: ${failedSlo.map((v) => v.objective).join('; ')}`;
  return `${s.scenario}: availability ${avail}, p99 ${p99}${slo}`;
}

async function runCommand(args: RunArgs): Promise<ExitCodeValue> {
  // Open the output file first, so a bad path fails before a long run (hyperfine does the same).
  let outFd: number | undefined;
  if (args.out !== undefined) {
    try {
      outFd = openSync(args.out, 'w');
    } catch (e) {
      throw new UsageError(`--out ${args.out}: cannot write there (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  const overrides = {
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.duration !== undefined ? { duration: args.duration } : {}),
    ...(args.replications !== undefined ? { replications: args.replications } : {}),
    ...(args.window !== undefined ? { window: args.window } : {}),
  };
  let loaded;
  try {
    loaded = loadScenario(args.scenario, (data) => overrideScenarioData(data, overrides));
  } catch (e) {
    if (e instanceof OverrideError) throw new UsageError(e.message);
    throw e;
  }
  if (args.workers !== undefined && (!Number.isInteger(args.workers) || args.workers < 1)) {
    throw new UsageError(`--workers: expected a whole number ≥ 1, got ${args.workers}`);
  }
  if (!args.quiet) for (const w of loaded.warnings) process.stderr.write(`${formatProblem(w)}\n`);
  const progress = args.quiet ? undefined : Progress.forStderr(loaded.scenario.name);
  const summary = await runScenario(loaded.scenario, {
    workers: args.workers ?? Math.min(loaded.scenario.run.replications, availableParallelism()),
    source: { file: args.scenario, overrides },
    ...(progress ? { onProgress: (f: number) => progress.update(f) } : {}),
  });
  progress?.done();
  const json = `${JSON.stringify(summary, null, 2)}\n`;
  if (outFd !== undefined) {
    writeSync(outFd, json);
    closeSync(outFd);
  }
  if (args.json) process.stdout.write(json);
  else if (args.quiet) process.stdout.write(`${oneLine(summary)}\n`);
  else process.stdout.write(`${formatSummary(summary)}\n`);
  return summary.slo.every((v) => v.ok) ? ExitCode.ok : ExitCode.sloFailed;
}

function validateCommand(files: string[], quiet: boolean): ExitCodeValue {
  let bad = 0;
  for (const file of files) {
    try {
      const { scenario, warnings } = loadScenario(file);
      if (!quiet) for (const w of warnings) process.stderr.write(`${formatProblem(w)}\n`);
      process.stdout.write(`${file}: ok (${scenario.name}${warnings.length ? `, ${warnings.length} warning(s)` : ''})\n`);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      bad++;
      for (const p of e.problems) process.stderr.write(`${formatProblem(p)}\n`);
    }
  }
  return bad > 0 ? ExitCode.badInput : ExitCode.ok;
}

export async function main(argv: string[]): Promise<ExitCodeValue> {
  let code: ExitCodeValue = ExitCode.ok;
  const parser = yargs(argv)
    .scriptName('simulate')
    .usage(
      [
        'Usage: $0 <scenario.json> [options]',
        '       $0 validate <files…>',
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
      '$0 <scenario>',
      'Run a scenario and print its summary.',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (JSON), e.g. scenarios/sofoot-worldcup.json.' })
          .option('seed', { type: 'string', describe: "Override the scenario's seed (run.seed). Same seed ⇒ same summary." })
          .option('duration', { type: 'string', describe: 'Override the simulated duration (run.duration), with a unit: "30min", "2h".' })
          .option('replications', { type: 'number', describe: 'Override the number of independent replications (run.replications).' })
          .option('window', {
            type: 'string',
            describe: "Length of the summary's time windows (run.window), with a unit: \"1min\". Default: from the run length (about 300 windows, at most 15min); at most 10,000 windows.",
          })
          .option('workers', {
            type: 'number',
            describe: 'Worker threads for the replications (default: one per core, at most one per replication). The summary does not depend on it.',
          })
          .option('json', { type: 'boolean', default: false, describe: 'Print the machine-readable JSON summary on stdout instead of the table.' })
          .option('out', { type: 'string', describe: 'Also write the JSON summary to this file (opened before the run).' }),
      async (a) => {
        code = await runCommand(a as unknown as RunArgs);
      },
    )
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress or warnings on stderr; a one-line result instead of the table.' })
    .example('$0 scenarios/sofoot-worldcup.json', 'Run the World Cup scenario and print a table.')
    .example('$0 scenarios/sofoot-worldcup.json --json --seed 7', 'Machine-readable summary for another seed.')
    .example('$0 scenarios/sofoot-worldcup.json --quiet || echo "SLO breached"', 'Capacity gate in CI: exit 1 when an SLO fails.')
    .example('$0 validate scenarios/*.json', 'Check every scenario without running it.')
    .epilogue('Exit codes: 0 ok, 1 an SLO failed, 2 bad usage or bad scenario, 3 internal error.')
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

async function entry(): Promise<void> {
  let code: ExitCodeValue;
  try {
    code = await main(hideBin(process.argv));
  } catch (e) {
    if (e instanceof ScenarioError) {
      for (const p of e.problems) process.stderr.write(`${formatProblem(p)}\n`);
      code = ExitCode.badInput;
    } else if (e instanceof UsageError) {
      process.stderr.write(`simulate: ${e.message} (see simulate --help)\n`);
      code = ExitCode.badInput;
    } else {
      const err = e instanceof Error ? e : new Error(String(e));
      process.stderr.write(`simulate: internal error: ${err.message} — this is a bug; please report it with the scenario file.\n`);
      if (process.env.SIMULATE_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
      else process.stderr.write('simulate: set SIMULATE_DEBUG=1 to see the stack trace.\n');
      code = ExitCode.internalError;
    }
  }
  process.exitCode = code;
}

await entry();
