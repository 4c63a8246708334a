/**
 * Command-line overrides of a scenario's run settings, applied the same way
 * in the main thread and in every worker.
 */
import type { ResolvedScenario } from '../scenario/resolved.js';
import { parseDuration, UnitError } from '../scenario/units.js';

export interface RunOverrides {
  seed?: string;
  duration?: string;
  replications?: number;
}

/** A mistake in an override; the message names the flag. */
export class OverrideError extends Error {}

export function applyOverrides(scenario: ResolvedScenario, o: RunOverrides): void {
  const run = scenario.run;
  if (o.seed !== undefined) run.seed = /^-?\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
  if (o.duration !== undefined) {
    const d = parseDuration(o.duration);
    if (d instanceof UnitError) throw new OverrideError(`--duration: expected ${d.expected}, got ${d.got}${d.suggestion ? ` — ${d.suggestion}` : ''}`);
    if (!(d > run.warmupSeconds)) {
      throw new OverrideError(`--duration ${o.duration} is not longer than the scenario's warm-up (${run.warmupSeconds}s): nothing would be measured`);
    }
    run.durationSeconds = d;
  }
  if (o.replications !== undefined) {
    if (!Number.isInteger(o.replications) || o.replications < 1) {
      throw new OverrideError(`--replications: expected a whole number ≥ 1, got ${o.replications}`);
    }
    run.replications = o.replications;
  }
}
