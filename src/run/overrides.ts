/**
 * Command-line overrides of a scenario's run settings. They are written into
 * the scenario's JSON before validation, so everything compiled from the run
 * length (a daily curve over the whole run) follows them, and they are
 * applied the same way in the main thread and in every worker.
 */
import { ScenarioError } from '../scenario/scenario-error.js';
import { parseDuration, UnitError } from '../scenario/units.js';
import { applySet, parseSet, setWrote, type SetOverride } from './set-overrides.js';

export interface RunOverrides {
  seed?: string;
  duration?: string;
  replications?: number;
  maxRequestsInSystem?: number;
  /** Series window length (run.window), with a unit. */
  window?: string;
  /** `--set path=value`, in order (set-overrides.ts); applied after the flags above. */
  set?: string[];
}

/** A mistake in an override; the message names the flag. */
export class OverrideError extends Error {}

/** Check the flags' own syntax (messages name the flag), then write them into `data.run`, then apply the --set overrides. */
export function overrideScenarioData(data: unknown, o: RunOverrides): void {
  const sets = parseSets(o);
  overrideRun(data, o);
  for (const s of sets) {
    const wrong = applySet(data, s);
    if (wrong !== undefined) throw new OverrideError(wrong);
  }
}

function parseSets(o: RunOverrides): SetOverride[] {
  return (o.set ?? []).map((flag) => {
    const s = parseSet(flag);
    if (typeof s === 'string') throw new OverrideError(s);
    return s;
  });
}

/** The named flags (--seed, --duration, …), checked then written into `data.run`. */
function overrideRun(data: unknown, o: RunOverrides): void {
  if (o.duration !== undefined) {
    const d = parseDuration(o.duration);
    if (d instanceof UnitError) throw new OverrideError(`--duration: expected ${d.expected}, got ${d.got}${d.suggestion ? ` — ${d.suggestion}` : ''}`);
  }
  if (o.window !== undefined) {
    const w = parseDuration(o.window);
    if (w instanceof UnitError) throw new OverrideError(`--window: expected ${w.expected}, got ${w.got}${w.suggestion ? ` — ${w.suggestion}` : ''}`);
    if (!(w > 0)) throw new OverrideError(`--window: must be longer than zero, got ${JSON.stringify(o.window)}`);
  }
  if (o.replications !== undefined && (!Number.isInteger(o.replications) || o.replications < 1 || o.replications > 1000)) {
    throw new OverrideError(`--replications: expected a whole number from 1 to 1000, got ${o.replications}`);
  }
  if (o.maxRequestsInSystem !== undefined && (!Number.isInteger(o.maxRequestsInSystem) || o.maxRequestsInSystem < 1)) {
    throw new OverrideError(`--max-in-system: expected a whole number ≥ 1, got ${o.maxRequestsInSystem}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return; // validation reports it
  const doc = data as Record<string, unknown>;
  const run = doc.run !== null && typeof doc.run === 'object' && !Array.isArray(doc.run) ? (doc.run as Record<string, unknown>) : undefined;
  if (run === undefined) return;
  if (o.seed !== undefined) run.seed = /^-?\d+$/.test(o.seed) && Number.isSafeInteger(Number(o.seed)) ? Number(o.seed) : o.seed;
  if (o.duration !== undefined) run.duration = o.duration;
  if (o.replications !== undefined) run.replications = o.replications;
  if (o.maxRequestsInSystem !== undefined) run.maxRequestsInSystem = o.maxRequestsInSystem;
  if (o.window !== undefined) run.window = o.window;
}

/** The flag that wrote each run setting, by JSON path. */
const FLAG_OF: Record<string, keyof RunOverrides> = { 'run.seed': 'seed', 'run.duration': 'duration', 'run.replications': 'replications' };

/**
 * A scenario problem caused by an override names the flag, not only the
 * file: "run.warmup: the warm-up (100s) is not shorter than the run (1ns)"
 * is the flag's doing when --duration 1ns was given.
 */
export function blameOverrides(e: ScenarioError, o: RunOverrides): ScenarioError {
  const sets = (o.set ?? []).map(parseSet).filter((s): s is SetOverride => typeof s !== 'string');
  const blamed = e.problems.map((p) => {
    // The last --set that wrote the value (or, for the warm-up, the run's length) is to blame.
    const set = [...sets].reverse().find((s) => setWrote(s, p.path) || (p.path === 'run.warmup' && s.pathText === 'run.duration'));
    if (set !== undefined) return { ...p, message: `with --set ${set.flag}: ${p.message}`, suggestion: `${p.suggestion ? `${p.suggestion}, or ` : ''}change --set ${set.pathText}=…` };
    const key = p.path === 'run.warmup' ? 'duration' : FLAG_OF[p.path];
    const value = key === undefined ? undefined : o[key];
    if (key === undefined || value === undefined) return p;
    return { ...p, message: `with --${key} ${String(value)}: ${p.message}`, suggestion: `${p.suggestion ? `${p.suggestion}, or ` : ''}change --${key}` };
  });
  return new ScenarioError(blamed);
}
