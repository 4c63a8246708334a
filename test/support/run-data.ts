/**
 * Run a scenario given as plain JSON data (as a user would write it) and
 * summarise it, or collect the problems validation reports. Shared by the
 * model's test files.
 */
import { resolveScenarioData } from '../../src/scenario/load.js';
import { formatProblem, ScenarioError } from '../../src/scenario/scenario-error.js';
import { runReplication } from '../../src/run/replication.js';
import { summarize, type Summary } from '../../src/run/summary.js';

/** Validate, resolve and run `replications` replications in this thread; the merged summary. */
export function runData(data: unknown, replications = 1): Summary {
  const { scenario } = resolveScenarioData(data, 'test.json');
  scenario.run.replications = replications;
  const reps = Array.from({ length: replications }, (_, i) => runReplication(scenario, i));
  return summarize(scenario, reps, 0, 1);
}

/** The problems (one formatted line each) validation reports for `data` as file "x.json"; [] when it is valid. */
export function problemsOf(data: unknown): string[] {
  try {
    resolveScenarioData(data, 'x.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}
