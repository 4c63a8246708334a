import { spawn, spawnSync } from 'node:child_process';
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

/** Run the built binary as a child process without waiting (several at once: shards are separate processes). */
export function simulateAsync(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, SIMULATE_DEBUG: '' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Run the built `simulate` binary with extra environment variables. */
export function simulateWithEnv(env: Record<string, string>, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SIMULATE_DEBUG: '', ...env }, timeout: 100_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run the built `simulate` binary with `input` on its standard input. */
export function simulateWithInput(input: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, SIMULATE_DEBUG: '' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface SignalledResult extends CliResult {
  /** Whether `signal` was sent (false: the run ended before `when` held). */
  sent: boolean;
}

/**
 * Run the built binary with SIMULATE_PROGRESS=lines and send it `signal`
 * as soon as `when(stderr so far)` holds: the tests wait on what the run
 * says it has done, never on a sleep.
 */
export function simulateAndSignal(signal: NodeJS.Signals, when: (stderr: string) => boolean, ...args: string[]): Promise<SignalledResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, SIMULATE_DEBUG: '', SIMULATE_PROGRESS: 'lines' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!sent && when(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, sent });
    });
  });
}
