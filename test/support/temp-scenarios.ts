/** Scenario files written on the fly, in a fresh temporary directory, for CLI tests of hostile or careless input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** The small M/M/1 fixture (50/s, one slot, 10 ms exponential), as a fresh object. */
export function mm1(): Record<string, any> {
  return JSON.parse(readFileSync(join(ROOT, 'test/fixtures/mm1-small.json'), 'utf8'));
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'simulate-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write `data` (JSON, or text as is) to `name` in `dir`; returns the path. */
export function writeIn(dir: string, name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
}
