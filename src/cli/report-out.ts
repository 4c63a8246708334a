/**
 * `--out PATH`: a path ending in `.json`, or an existing path that is not a
 * directory, gets the JSON summary (as before); any other path is a report directory (summary.json, CSV tables,
 * report.html), written whole or not at all.
 */
import { statSync } from 'node:fs';
import type { Summary } from '../run/summary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { topologyOf } from '../report/topology.js';
import { checkReplaceable, ReportDirError, writeReportDir, type ReportFiles } from '../report/write-report-dir.js';

export function isReportDir(out: string): boolean {
  if (/\.json$/i.test(out)) return false;
  // An existing path that is not a directory (/dev/null, /dev/full, a file) gets the summary, as before.
  try {
    return statSync(out).isDirectory();
  } catch {
    return true;
  }
}

/** Seconds since local midnight at simulated time t, from the series' calendar (null without one). */
function calendarOf(summary: Summary): (t: number) => number | null {
  const s = summary.series;
  const first = s?.secondOfDay[0];
  if (!s || first === null || first === undefined) return () => null;
  const t0 = s.startSeconds[0]!;
  return (t) => (((first + t - t0) % 86400) + 86400) % 86400;
}

export function writeReport(dir: string, summary: Summary, scenario: ResolvedScenario): ReportFiles {
  return writeReportDir(dir, summary, topologyOf(scenario), calendarOf(summary));
}

/** Before the run: refuse a report directory that could not be replaced (a wrong path fails fast, nothing is deleted). */
export function checkReportDir(dir: string): void {
  try {
    checkReplaceable(dir);
  } catch (e) {
    if (e instanceof ReportDirError) throw new ReportOutError(`--out ${dir}: ${e.message}`);
    throw e;
  }
}

/** A report directory that cannot be used (exit 2). */
export class ReportOutError extends Error {}
