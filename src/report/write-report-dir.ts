/**
 * `--out DIR`: the summary, the CSV tables and report.html written into a
 * new sibling directory, then renamed into place, so DIR holds either the
 * previous complete report or the new complete one, never a mix. An
 * existing DIR is replaced only when it looks like a report (it has a
 * summary.json) or is empty: a wrong path never deletes someone's files.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Summary } from '../run/summary.js';
import { csvText, reportTables } from './csv-tables.js';
import { reportHtml } from './report-html.js';
import type { Topology } from './topology.js';

export class ReportDirError extends Error {}

export interface ReportFiles {
  dir: string;
  files: string[];
}

/** Throws a ReportDirError unless `dir` is absent, empty, or a previous output of the same kind (it holds `marker`: summary.json for a report). */
export function checkReplaceable(dir: string, marker = 'summary.json'): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new ReportDirError(`${dir} exists and is not a directory`);
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(marker)) {
    throw new ReportDirError(`${dir} is not empty and holds no ${marker}: not replacing it (choose a new directory)`);
  }
}

/**
 * Write a directory whole or not at all: the files go into a sibling
 * staging directory, which is renamed into place once complete (a previous
 * output of the same kind, holding `marker`, is replaced; anything else is
 * refused by {@link checkReplaceable}).
 */
export function writeDirAtomically(dir: string, marker: string, write: (put: (name: string, text: string) => void) => void): ReportFiles {
  checkReplaceable(dir, marker);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(dir)}.${process.pid}.${Date.now()}.tmp`);
  mkdirSync(staging);
  const files: string[] = [];
  try {
    write((name, text) => {
      writeFileSync(join(staging, name), text);
      files.push(name);
    });
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

export function writeReportDir(dir: string, summary: Summary, topology: Topology, secondOfDayAt?: (t: number) => number | null): ReportFiles {
  return writeDirAtomically(dir, 'summary.json', (put) => {
    put('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
    for (const t of reportTables(summary, topology, secondOfDayAt)) put(t.file, csvText(t));
    put('report.html', reportHtml([{ label: summary.scenario, summary, topology }]));
  });
}
