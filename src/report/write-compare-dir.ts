/**
 * `simulate compare --out DIR`: index.html (the differences), report.html
 * (the runs side by side) and compare.json, written into a sibling staging
 * directory and renamed into place, as the run report is
 * (write-report-dir.ts). An existing DIR is replaced only when it is empty or
 * a previous comparison (it holds a compare.json).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CompareResult } from '../compare/compare.js';
import { compareHtml } from './compare-html.js';
import { reportHtml, type ReportRun } from './report-html.js';
import { ReportDirError, type ReportFiles } from './write-report-dir.js';

export function checkCompareDir(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new ReportDirError(`${dir} exists and is not a directory`);
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes('compare.json')) throw new ReportDirError(`${dir} is not empty and holds no compare.json: not replacing it (choose a new directory)`);
}

export function writeCompareDir(dir: string, result: CompareResult, runs: ReportRun[]): ReportFiles {
  checkCompareDir(dir);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(dir)}.${process.pid}.${Date.now()}.tmp`);
  mkdirSync(staging);
  const files: string[] = [];
  try {
    const put = (name: string, text: string): void => {
      writeFileSync(join(staging, name), text);
      files.push(name);
    };
    put('compare.json', `${JSON.stringify(result, null, 2)}\n`);
    put('index.html', compareHtml(result));
    put('report.html', reportHtml(runs));
    const old = existsSync(dir) ? `${staging}.old` : undefined;
    if (old) renameSync(dir, old);
    renameSync(staging, dir);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return { dir, files };
}
