/**
 * What a run ends with, once its summary exists (a run, or `simulate
 * merge` of shard files): the figures on stdout (table, one line or JSON),
 * the CI reports, --out (a summary file or a report directory), the failed
 * gates and stability on stderr, and the exit code.
 */
import type { ResolvedScenario } from '../scenario/resolved.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import type { Summary } from '../run/summary.js';
import type { CrashedInfo } from '../run/replication-crashed.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { exitCodeOf } from './interrupts.js';
import { formatSummary, stabilityMessage } from './format-summary.js';
import { failedGatesText } from './format-slo.js';
import { writeCiReports, type SloArgs } from './slo-options.js';
import { escapeStrings, jsonForTerminal, safeLine, safeLines } from './safe-text.js';
import { isReportDir, writeReport } from './report-out.js';
import { OutputError, type OutputFile } from './output-file.js';

export interface ReportArgs extends SloArgs {
  json: boolean;
  quiet: boolean;
  out?: string;
}

export function reportSummary(args: ReportArgs, summary: Summary, scenario: ResolvedScenario, out: OutputFile | undefined): ExitCodeValue {
  const cut = summary.crashed ? ExitCode.internalError : summary.interrupted && exitCodeOf(summary.interrupted.signal);
  if (summary.interrupted) process.stderr.write(`simulate: interrupted (${summary.interrupted.signal}): the summary covers ${summary.interrupted.completedReplications} of ${summary.interrupted.requestedReplications} replications ("partial": true)\n`);
  if (summary.crashed) process.stderr.write(`${safeLines(crashedMessage(summary.crashed))}\n`);
  checkMeasured(scenario, summary);
  const code: ExitCodeValue = cut ?? (summary.slo.every((v) => v.ok) ? ExitCode.ok : ExitCode.sloFailed);
  process.exitCode = code; // kept if standard output turns out to be a closed pipe
  const json = `${JSON.stringify(summary, null, 2)}\n`;
  // Names, descriptions and paths come from the scenario: escaped before they reach a terminal (safe-text.ts).
  if (args.json) process.stdout.write(jsonForTerminal(json));
  else if (args.quiet) process.stdout.write(`${oneLine(escapeStrings(summary))}\n`);
  else process.stdout.write(`${formatSummary(summary)}\n`);
  writeCiReports(summary, args);
  const failedGates = failedGatesText(summary);
  if (failedGates !== undefined) process.stderr.write(`${failedGates}\n`);
  const written = writeOutputs(args, summary, scenario, json, out);
  if (written !== undefined) return written;
  // Said on stderr even under --quiet: a CI log must show why the gate failed.
  const unstable = stabilityMessage(summary);
  if (unstable !== undefined) {
    process.stderr.write(`${safeLine(`simulate: ${unstable}`)}\n`);
    process.exitCode = cut ?? ExitCode.sloFailed;
    return cut ?? ExitCode.sloFailed;
  }
  return code;
}

function oneLine(s: Summary): string {
  const p99 = s.latencyMs.p99 === null ? '–' : `${s.latencyMs.p99} ms`;
  const avail = s.availability.requests === null ? '–' : `${(s.availability.requests * 100).toFixed(3)}%`;
  const failedSlo = s.slo.filter((v) => !v.ok);
  const slo = s.slo.length === 0 ? '' : failedSlo.length === 0 ? ', SLO ok' : `, SLO FAILED: ${failedSlo.map((v) => v.objective).join('; ')}`;
  const unfinished = s.requests.failedBy.unfinished > 0 ? `, ${s.requests.failedBy.unfinished.toLocaleString('en-US')} unfinished` : '';
  const unstable = s.stability.verdict === 'unstable' ? `, UNSTABLE: ${s.stability.tier}` : '';
  const done = s.interrupted ?? s.crashed;
  const partial = done ? `, PARTIAL: ${done.completedReplications} of ${done.requestedReplications} replications` : '';
  return `${s.scenario}: availability ${avail}${unfinished}, p99 ${p99}${slo}${unstable}${partial}`;
}

/** Said on stderr even under --quiet: which replication to re-run alone to reproduce the bug. */
function crashedMessage(c: CrashedInfo): string {
  return [
    `simulate: internal error: replication ${c.replication} (seed ${JSON.stringify(c.seed)}) crashed: ${c.message}`,
    `simulate: the summary covers the ${c.completedReplications} of ${c.requestedReplications} replications completed before it ("partial": true, "crashed")`,
    'simulate: this is a bug; please report it with the scenario file and that seed.',
  ].join('\n');
}

/** A run that measured nothing answers nothing: bad input, not a verdict. */
function checkMeasured(scenario: ResolvedScenario, summary: Summary): void {
  if (summary.requests.total === 0 && summary.requests.inFlightAtEnd === 0) {
    throw new ScenarioError([
      {
        file: scenario.file,
        path: 'run',
        message: 'no request arrived after the warm-up: nothing was measured, so no figure or SLO means anything',
        suggestion: 'simulate longer, shorten the warm-up, or check the traffic (a trace that ends before the warm-up does?)',
        severity: 'error',
      },
    ]);
  }
}

/** The report directory and the --out file; an exit code when one could not be written. */
function writeOutputs(args: ReportArgs, summary: Summary, scenario: ResolvedScenario, json: string, out: OutputFile | undefined): ExitCodeValue | undefined {
  if (args.out !== undefined && isReportDir(args.out)) {
    try {
      const report = writeReport(args.out, summary, scenario);
      if (!args.quiet) process.stderr.write(`${safeLine(`report: ${report.dir}/ (${report.files.join(', ')})`)}\n`);
    } catch (e) {
      process.stderr.write(`${safeLine(`simulate: --out ${args.out}: the report was not written (${e instanceof Error ? e.message : String(e)})`)}\n`);
      return ExitCode.badInput;
    }
  }
  if (out !== undefined) {
    try {
      out.commit(json);
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      process.stderr.write(`${safeLine(`simulate: ${e.message}`)}\n`);
      return ExitCode.badInput;
    }
  }
  return undefined;
}

