/** Resolved fields shared by the database kinds, added by issue #13 (read routing). */
import type { ReadMode } from './schema-reads.js';

export interface ResolvedDatabaseExtras {
  /** Read routing by class index (resolve-reads.ts); absent: every class round-robin. */
  readsByClass?: ReadMode[];
}
