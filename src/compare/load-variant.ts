/**
 * Loading the scenarios of a comparison or the points of a sweep: the
 * command line's overrides (run/overrides.ts) and, for a sweep point, the
 * point's values written like `--set`s. A problem a point's value caused
 * names the `--vary` flag and the value; one the overrides caused names
 * their flag (blameOverrides).
 */
import { applySet, parseSet, setWrote, type SetOverride } from '../run/set-overrides.js';
import { blameOverrides, overrideScenarioData, type RunOverrides } from '../run/overrides.js';
import { loadScenario, type LoadResult } from '../scenario/load.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import { VaryError, type SweepPoint } from './vary.js';

function pointSets(point: SweepPoint | undefined): Array<{ set: SetOverride; label: string }> {
  return (point?.sets ?? []).map((text, k) => {
    const set = parseSet(text);
    if (typeof set === 'string') throw new VaryError(set); // built by sweepPoints from a parsed path: cannot happen
    return { set, label: point!.labels[k]! };
  });
}

function blamePoint(e: ScenarioError, sets: ReturnType<typeof pointSets>): ScenarioError {
  return new ScenarioError(
    e.problems.map((p) => {
      const s = sets.find(({ set }) => setWrote(set, p.path) || (p.path === 'run.warmup' && set.pathText === 'run.duration'));
      if (s === undefined) return p;
      return { ...p, message: `with --vary ${s.label}: ${p.message}`, suggestion: `${p.suggestion ? `${p.suggestion}, or ` : ''}change the values of --vary ${s.set.pathText}` };
    }),
  );
}

/** The scenario in `file` with the overrides and the point's values (validated like the file). */
export function loadVariant(file: string, overrides: RunOverrides, point?: SweepPoint): LoadResult {
  const sets = pointSets(point);
  try {
    return loadScenario(file, (data) => {
      overrideScenarioData(data, overrides);
      for (const { set, label } of sets) {
        const wrong = applySet(data, set);
        if (wrong !== undefined) throw new VaryError(wrong.replace(/^--set [^:]*:/, `--vary ${label}:`));
      }
    });
  } catch (e) {
    if (e instanceof ScenarioError) throw blameOverrides(blamePoint(e, sets), overrides);
    throw e;
  }
}
