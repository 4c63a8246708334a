/** Resolution of a database tier's read routing (schema-reads.ts) into one mode per class index. */
import type { Collector, Path } from './collector.js';
import type { ResolvedDatabase } from './resolved.js';
import type { ReadMode } from './schema-reads.js';

/** Sets `readsByClass` on `db` when the scenario gives `reads` (absent: every class round-robin, as before). */
export function resolveReads(c: Collector, path: Path, reads: ReadMode | Record<string, ReadMode> | undefined, db: ResolvedDatabase | undefined, classNames: readonly string[]): ResolvedDatabase | undefined {
  if (reads === undefined || db === undefined || db.replication === 'object-storage') return db;
  const readsByClass: ReadMode[] = classNames.map(() => 'round-robin');
  const check = (p: Path, mode: ReadMode): boolean => {
    if (mode !== 'master' || db.replication === 'async') return true;
    c.error(p, `"master" read routing needs an async master, this database is "${db.replication}" (every node takes writes)`, 'use "nearest" or "local-only"');
    return false;
  };
  if (typeof reads === 'string') {
    if (check([...path, 'reads'], reads)) readsByClass.fill(reads);
  } else {
    for (const [cls, mode] of Object.entries(reads)) {
      const p: Path = [...path, 'reads', cls];
      if (c.reference(p, cls, classNames, 'request class') && check(p, mode)) readsByClass[classNames.indexOf(cls)] = mode;
    }
  }
  db.readsByClass = readsByClass;
  return db;
}

/** The `reads` field of a database section, whatever its kind (object storage has none). */
export function readsOf(db: object): ReadMode | Record<string, ReadMode> | undefined {
  return 'reads' in db ? (db.reads as ReadMode | Record<string, ReadMode> | undefined) : undefined;
}
