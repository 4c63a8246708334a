/**
 * The machine-readable part of a case study's note (scenarios/<name>.md):
 * one fenced block tagged `json case-study`, holding what the note claims
 * about each of its scenario files (the base and its variants). The test
 * (test/case-studies.test.ts) runs each file briefly through the CLI and
 * checks those claims, so the note and the model cannot drift apart.
 *
 *   ```json case-study
 *   {
 *     "number": 8,
 *     "runs": [
 *       {
 *         "file": "sofoot-worldcup.json",
 *         "exit": 0,
 *         "brief": ["--duration", "20min"],
 *         "answers": [{ "metric": "classes.page.latencyMs.p99", "value": 310, "within": 0.2 }]
 *       },
 *       { "file": "sofoot-worldcup.only-physical.json", "exit": 1, "failedSlo": ["classes.page.latencyMs.p99"] }
 *     ]
 *   }
 *   ```
 *
 * - `brief`: extra CLI arguments for the test's shortened run (e.g.
 *   `--duration`, `--replications`, `--set`); the full default run is what
 *   the note's prose and the README table quote.
 * - `answers`: a metric path (docs/metrics.md) of the brief run's summary,
 *   the value the note states, and a tolerance: `within` (relative) or
 *   `withinAbs` (absolute, in the metric's unit).
 * - `failedSlo`: with exit 1, text each of which appears in some failed
 *   objective, so the failure is the one the note explains.
 */
import { readFileSync } from 'node:fs';

export interface CaseAnswer {
  metric: string;
  value: number;
  within?: number;
  withinAbs?: number;
}

export interface CaseRun {
  file: string;
  exit: 0 | 1;
  brief?: string[];
  answers?: CaseAnswer[];
  failedSlo?: string[];
}

export interface CaseStudyBlock {
  number: number;
  runs: CaseRun[];
}

const FENCE = /```json case-study\n([\s\S]*?)\n```/g;

/** The note's case-study block; throws with the note's name when it has none, several, or a malformed one. */
export function readCaseStudyBlock(notePath: string): CaseStudyBlock {
  const text = readFileSync(notePath, 'utf8');
  const blocks = [...text.matchAll(FENCE)];
  if (blocks.length !== 1) throw new Error(`${notePath}: expected exactly one \`\`\`json case-study block, found ${blocks.length}`);
  const block = JSON.parse(blocks[0]![1]!) as CaseStudyBlock;
  if (!Number.isInteger(block.number) || !Array.isArray(block.runs) || block.runs.length === 0) throw new Error(`${notePath}: the case-study block needs "number" and a non-empty "runs"`);
  for (const run of block.runs) {
    if (typeof run.file !== 'string' || (run.exit !== 0 && run.exit !== 1)) throw new Error(`${notePath}: each run needs "file" and "exit" 0 or 1`);
    for (const a of run.answers ?? []) {
      if (typeof a.metric !== 'string' || typeof a.value !== 'number' || (a.within === undefined && a.withinAbs === undefined)) {
        throw new Error(`${notePath}: answer ${JSON.stringify(a)} needs "metric", "value" and "within" or "withinAbs"`);
      }
    }
  }
  return block;
}
