/** simulate's version, from package.json (found from src/cli or dist/src/cli). */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const v = (JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string });
      if (typeof v.version === 'string') return v.version;
    } catch {
      // not there: try the next place
    }
  }
  return 'unknown';
}

export const version = readVersion();
