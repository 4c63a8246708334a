/** `simulate compare --out DIR`: the comparison pages (report/write-compare-dir.ts). */
import type { CompareResult } from '../compare/compare.js';
import type { Summary } from '../run/summary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { topologyOf } from '../report/topology.js';
import { checkCompareDir, writeCompareDir } from '../report/write-compare-dir.js';
import { ReportDirError, type ReportFiles } from '../report/write-report-dir.js';
import { UsageError } from './usage-error.js';

/** Before the runs: a directory that could not be replaced fails at once. */
export function checkCompareOut(dir: string): void {
  try {
    checkCompareDir(dir);
  } catch (e) {
    if (e instanceof ReportDirError) throw new UsageError(`--out ${dir}: ${e.message}`);
    throw e;
  }
}

export function writeCompareReport(dir: string, result: CompareResult, summaries: readonly Summary[], scenarios: readonly ResolvedScenario[]): ReportFiles {
  return writeCompareDir(dir, result, summaries.map((summary, i) => ({ label: summary.scenario, summary, topology: topologyOf(scenarios[i]!) })));
}
