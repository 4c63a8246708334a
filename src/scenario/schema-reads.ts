/**
 * Read routing of a database tier (issue #13): where a read (a request of a
 * class without `write`) goes. Spread into the database kinds that have
 * servers to choose from (async, Galera, master–master).
 */
import { z } from 'zod';
import { Name } from './schema-primitives.js';

/** Read routing modes; `round-robin` is the default (the behaviour before the field existed). */
export const READ_MODES = ['round-robin', 'nearest', 'local-only', 'master'] as const;
export type ReadMode = (typeof READ_MODES)[number];

const ReadModeSchema = z.enum(READ_MODES).meta({
  description:
    'round-robin (default): a live server in the request\'s own site, else round-robin over every live server; nearest: a live server in the own site, else the live one with the lowest link latency; local-only: only the own site\'s servers, failing ("no backend") when none is up; master (async only): always the current master, failing while it is down (an application written for one machine).',
});

export const readsField = {
  reads: z
    .union([ReadModeSchema, z.record(Name, ReadModeSchema)])
    .optional()
    .meta({ description: 'Read routing: one mode for every read, or one per request class name (classes not listed: round-robin).' }),
};
