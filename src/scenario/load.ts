/**
 * Loading a scenario file: read → parse JSON → validate the shape (zod) →
 * resolve meaning. Every problem is collected and thrown together as one
 * `ScenarioError`; nothing else escapes.
 */
import type { ResolvedScenario } from './resolved.js';
import { resolveScenario } from './resolve.js';
import { formatPath, ScenarioError, type Problem } from './scenario-error.js';
import { InputFileError, readInputFile, scenarioDir } from '../io/input-file.js';
import { ScenarioSchema } from './schema.js';
import { zodIssuesToProblems, type FileOf } from './zod-problems.js';
import { loadLayers } from './extends.js';

/** Scenario files are small documents; anything bigger is a mistake (a trace passed as a scenario?). */
const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

export interface LoadResult {
  scenario: ResolvedScenario;
  /** Warnings (the scenario runs, but something looks wrong). */
  warnings: Problem[];
}

function fail(file: string, message: string, suggestion?: string): never {
  throw new ScenarioError([{ file, path: '', message, severity: 'error', ...(suggestion ? { suggestion } : {}) }]);
}

/**
 * Read and parse the JSON text of a scenario file. It must be a regular file
 * (input-file.ts: a FIFO or /dev/zero is refused, not read), or standard
 * input when `allowStdin` (the file named on the command line, as `-` or
 * /dev/stdin).
 */
export function readScenarioJson(file: string, allowStdin = false): unknown {
  let text: string;
  try {
    text = readInputFile(file, MAX_SCENARIO_BYTES, allowStdin).toString('utf8');
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    if (e.code === 'ENOENT') fail(file, 'no such file', 'check the path; scenarios live in scenarios/');
    if (e.detail.startsWith('is a directory')) fail(file, 'is a directory, not a scenario file', 'pass a .json file, e.g. scenarios/sofoot-worldcup.json');
    if (e.detail.startsWith('is not a regular file')) fail(file, e.detail, `pass a scenario file saved on disk, or "-" to read the scenario from standard input`);
    fail(file, e.detail, e.detail.includes('bytes') ? 'a scenario file is a small document: is it a trace passed as a scenario?' : e.suggestion);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(file, `invalid JSON: ${jsonErrorWithLine(text, e as Error)}`);
  }
  checkNesting(file, data);
  return data;
}

/** No scenario nests anywhere near this deep; deeper values are refused before any recursive step (merge, validation) meets them. */
export const MAX_NESTING = 64;

/** Refuse values nested deeper than MAX_NESTING (walked without recursion, so it cannot overflow the stack itself). */
export function checkNesting(file: string, data: unknown): void {
  const stack: Array<{ v: unknown; depth: number; path: Array<string | number> }> = [{ v: data, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_NESTING) {
      throw new ScenarioError([
        {
          file,
          path: formatPath(path.slice(0, 8)) + (path.length > 8 ? '…' : ''),
          message: `values are nested more than ${MAX_NESTING} levels deep here`,
          suggestion: 'a scenario nests about ten levels at most: is this really a scenario?',
          severity: 'error',
        },
      ]);
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, x] of entries) if (x !== null && typeof x === 'object') stack.push({ v: x, depth: depth + 1, path: depth < 8 ? [...path, k] : path });
  }
}

/** "Unexpected token } in JSON at position 120" → add "(line 7, column 3)". */
function jsonErrorWithLine(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return e.message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${e.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/**
 * Validate and resolve already-parsed JSON. `file` names the scenario in
 * messages; `fileOf` names the file that wrote a given path (with extends).
 */
export function resolveScenarioData(data: unknown, file: string, fileOf: FileOf = () => file): LoadResult {
  checkNesting(file, data); // data may come from elsewhere than readScenarioJson: validation recurses
  const parsed = ScenarioSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(zodIssuesToProblems(parsed.error.issues, fileOf, ScenarioSchema, data));
  const { scenario, problems } = resolveScenario(parsed.data, file, fileOf);
  if (scenario === undefined) throw new ScenarioError(problems.filter((p) => p.severity === 'error'));
  return { scenario, warnings: problems };
}

/**
 * Load a scenario file (and the scenarios it extends), or throw a
 * ScenarioError listing every problem. `edit` may change the merged JSON
 * before validation (command-line overrides).
 */
export function loadScenario(file: string, edit?: (data: unknown) => void): LoadResult {
  // Only the file named on the command line may be standard input; relative paths in it then start from the current directory.
  const layered = loadLayers(file, (f, layer) => readScenarioJson(f, layer === 0), scenarioDir(file));
  edit?.(layered.data);
  return resolveScenarioData(layered.data, file, layered.originOf);
}
