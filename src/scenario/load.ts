/**
 * Loading a scenario file: read → parse JSON → validate the shape (zod) →
 * resolve meaning. Every problem is collected and thrown together as one
 * `ScenarioError`; nothing else escapes.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ResolvedScenario } from './resolved.js';
import { resolveScenario } from './resolve.js';
import { ScenarioError, type Problem } from './scenario-error.js';
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

/** Read and parse the JSON text of a scenario file. */
export function readScenarioJson(file: string): unknown {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) fail(file, 'is a directory, not a scenario file', 'pass a .json file, e.g. scenarios/sofoot-worldcup.json');
    size = st.size;
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    fail(file, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(e)})`, code === 'ENOENT' ? 'check the path; scenarios live in scenarios/' : undefined);
  }
  if (size > MAX_SCENARIO_BYTES) fail(file, `is ${size} bytes; a scenario file is at most ${MAX_SCENARIO_BYTES} bytes`);
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(file, `invalid JSON: ${jsonErrorWithLine(text, e as Error)}`);
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
  const layered = loadLayers(file, readScenarioJson);
  edit?.(layered.data);
  return resolveScenarioData(layered.data, file, layered.originOf);
}
