import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built `simulate` binary from the project root. */
export function simulate(...args: string[]): CliResult {
  // The timeout turns a hang (a FIFO read, an endless run) into a failed test instead of a stuck suite.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SIMULATE_DEBUG: '' }, timeout: 100_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run the built `simulate` binary with `input` on its standard input. */
export function simulateWithInput(input: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, SIMULATE_DEBUG: '' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
