/**
 * Issue 10's overloaded example through the command line: 2 × 16 slots
 * (800/s) offered 1,600/s with no queueLimit, `--duration 30min --quiet`.
 * It used to print "availability 100.000% … SLO ok" and exit 0. It must
 * exit 1, say why on stdout and stderr, and keep its memory bounded.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const BIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const FIXTURE = 'test/fixtures/overloaded-no-queue-limit.json';

/** Run the built CLI in a child that reports its peak resident memory (process.resourceUsage().maxRSS, kB) on exit. */
function simulateMeasured(...args: string[]): { code: number | null; stdout: string; stderr: string; maxRssMB: number } {
  const script = [
    "process.on('exit', () => process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\\n`));",
    "process.argv.splice(1, 0, 'simulate');",
    `await import(${JSON.stringify(pathToFileURL(BIN).href)});`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SIMULATE_DEBUG: '' } });
  const m = /maxRSS (\d+)/.exec(r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/maxRSS \d+\n/, ''), maxRssMB: m ? Number(m[1]) / 1024 : NaN };
}

describe('an overloaded system through the CLI', () => {
  it('--duration 30min --quiet exits 1 and says why: unfinished requests, an unstable tier, the SLO', { timeout: 60_000 }, () => {
    const r = simulateMeasured(FIXTURE, '--duration', '30min', '--quiet');
    expect(r.code).toBe(1);
    const line = r.stdout.trim();
    expect(line.split('\n')).toHaveLength(1);
    // About half the measured requests never finished: availability ≈ 50%, not 100%.
    expect(line).toMatch(/availability 5\d\.\d{3}%, 1,3\d\d,\d{3} unfinished/);
    expect(line).toMatch(/SLO FAILED: availability\.requests >= 0\.999/);
    expect(line).toMatch(/UNSTABLE: web$/);
    // The verdict reaches stderr even under --quiet (warnings do not).
    expect(r.stderr).toMatch(/^simulate: UNSTABLE: the requests inside tier web kept growing, by 79\d\.\d\/s/m);
    expect(r.stderr).not.toMatch(/warning/);
    // 1.44 M requests inside at the end, ~130 B each: well under the limit's ~0.5 GB.
    expect(r.maxRssMB).toBeLessThan(450);
  });

  it('a longer run stops at the in-system limit with the time, the tier and the queue, exit 1, memory bounded', { timeout: 60_000 }, () => {
    // At 800/s of growth the default limit (2,000,000) is passed at ≈ 2,500 s: the run stops there instead of growing 420 MB per hour.
    const r = simulateMeasured(FIXTURE, '--duration', '4h', '--quiet');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^STOPPED: overloaded-no-queue-limit: at 41\.\d+min simulated \(replication 0\), more than 2,000,000 requests were in the system/);
    expect(r.stdout).toMatch(/tier web holds 2,000,000, server web\/web-[12] has 1,0\d\d,\d{3} waiting/);
    expect(r.stderr).toMatch(/^simulate: STOPPED: /m);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.maxRssMB).toBeLessThan(600);
  });

  it('--max-in-system lowers the limit; a bad value is a usage error (exit 2)', () => {
    const r = simulateMeasured(FIXTURE, '--max-in-system', '50000', '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(''); // no half summary on stdout for a JSON reader
    expect(r.stderr).toMatch(/STOPPED: .*more than 50,000 requests/);
    const bad = simulateMeasured(FIXTURE, '--max-in-system', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-in-system: expected a whole number ≥ 1, got 0/);
  });
});
