/**
 * `simulate compare --out DIR`: index.html (the differences), report.html
 * (the runs side by side) and compare.json, written into a sibling staging
 * directory and renamed into place, as the run report is
 * (write-report-dir.ts). An existing DIR is replaced only when it is empty or
 * a previous comparison (it holds a compare.json).
 */
import type { CompareResult } from '../compare/compare.js';
import { compareHtml } from './compare-html.js';
import { reportHtml, type ReportRun } from './report-html.js';
import { checkReplaceable, writeDirAtomically, type ReportFiles } from './write-report-dir.js';

export function checkCompareDir(dir: string): void {
  checkReplaceable(dir, 'compare.json');
}

export function writeCompareDir(dir: string, result: CompareResult, runs: ReportRun[]): ReportFiles {
  return writeDirAtomically(dir, 'compare.json', (put) => {
    put('compare.json', `${JSON.stringify(result, null, 2)}\n`);
    put('index.html', compareHtml(result));
    put('report.html', reportHtml(runs));
  });
}
