/**
 * vitest global setup: compile the project once so the CLI tests run the
 * same `dist/` that `npx simulate` runs (npm ci builds it via `prepare`;
 * this keeps a local `npx vitest` honest after an edit).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

export default function setup(): void {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
