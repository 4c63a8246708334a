/**
 * Limits the scenario layer enforces, in one place: the model sizes its
 * tables from them, so a scenario past one is refused at validation, not
 * half-way through a run.
 */

/** At most this many tiers on one path may hold their slot while the rest of the path runs (nested calls). */
export const MAX_HOLDS = 8;
