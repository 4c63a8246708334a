/**
 * Limits the scenario layer enforces, in one place: the model sizes its
 * tables from them, so a scenario past one is refused at validation, not
 * half-way through a run.
 */

/** At most this many tiers on one path may hold their slot while the rest of the path runs (nested calls). */
export const MAX_HOLDS = 8;

/**
 * Default of `run.maxRequestsInSystem`: past this many requests inside the
 * model at once, a run stops (an overloaded tier without a queueLimit
 * would otherwise grow until the machine runs out of memory). The request
 * table takes about 130 bytes per request, so the default bounds it near
 * 260 MB (about 0.5 GB of process memory at the limit, measured).
 */
export const DEFAULT_MAX_REQUESTS_IN_SYSTEM = 2_000_000;
