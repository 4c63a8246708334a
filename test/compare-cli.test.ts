/**
 * `simulate compare` on the command line: the table, --json, --out x.json
 * and --out dir/ (index.html, report.html, compare.json), and bad input.
 * Needs `npm run build` (test/support/cli.ts runs dist/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from './support/cli.js';
import { mm1, tempDir, writeIn } from './support/temp-scenarios.js';

const A = 'test/fixtures/compare/two-tier.json';
const B = 'test/fixtures/compare/two-tier-faster-back.json';

describe('simulate compare', () => {
  it('prints the table, and the same comparison as JSON and in an HTML directory', () => {
    const dir = tempDir();
    const table = simulate('compare', A, B, '--replications', '3', '--duration', '200s', '--quiet', '--out', `${dir}/cmp`);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/compare: 3 replications of each, common random numbers \(seed 11\)/);
    expect(table.stdout).toMatch(/latencyMs\.p99 +\d/);
    expect(table.stdout).toContain('paired narrower by');
    for (const f of ['index.html', 'report.html', 'compare.json']) expect(existsSync(`${dir}/cmp/${f}`), f).toBe(true);
    const html = readFileSync(`${dir}/cmp/index.html`, 'utf8');
    expect(html).toContain('two-tier-faster-back − two-tier');
    expect(html).toContain("default-src 'none'");
    const json = simulate('compare', A, B, '--replications', '3', '--duration', '200s', '--json', '--quiet', '--workers', '1');
    expect(json.stdout).toBe(readFileSync(`${dir}/cmp/compare.json`, 'utf8')); // same result whatever the workers (the HTML run used 2)
    const c = JSON.parse(json.stdout);
    expect(c.commonRandomNumbers).toBe(true);
    expect(c.differences[0].metrics.map((m: { metric: string }) => m.metric)).toEqual(['availability.requests', 'requests.failed', 'latencyMs.p99']);
  });

  it('gives every scenario the first one\'s seed, and says so', () => {
    const dir = tempDir();
    const other = mm1();
    other.run.seed = 99;
    other.run.duration = '300s';
    const first = mm1();
    first.run.duration = '300s';
    const a = writeIn(dir, 'a.json', first);
    const b = writeIn(dir, 'b.json', other);
    const r = simulate('compare', a, b, '--replications', '2', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('b.json: seed 99 replaced by 7 (common random numbers');
    // The same file twice under the same seeds: every difference is exactly 0.
    const p99 = JSON.parse(r.stdout).differences[0].metrics.find((m: { metric: string }) => m.metric === 'latencyMs.p99');
    expect(p99.paired).toEqual({ mean: 0, halfWidth95: 0, low95: 0, high95: 0 });
  });

  it('a worker that dies mid-job is exit 3 naming the scenario, the replication and its seed, never a hang', () => {
    process.env.SIMULATE_FAULT_POOL_JOB = '1'; // jobs are replication-major: job 1 is the second scenario's replication 0
    try {
      const r = simulate('compare', A, B, '--replications', '2', '--duration', '200s', '--workers', '2', '--quiet');
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/replication 0 \(seed 11\) crashed: two-tier-faster-back: its worker thread exited \(code 70\)/);
    } finally {
      delete process.env.SIMULATE_FAULT_POOL_JOB;
    }
  });

  it('bad input is exit 2, without a stack trace', () => {
    const cases: Array<[string[], RegExp]> = [
      [['compare', A], /compare needs two scenario files or more/],
      [['compare', A, B, '--precision', '5%'], /--precision and --max-replications go with --replications auto/],
      [['compare', A, B, '--replications', 'auto', '--precision', '150%'], /--precision: expected a relative half-width/],
      [['plan', A, '--vary', 'tiers.back.servers[0].speed=1,2', '--replications', 'auto'], /--replications auto is for a run, a comparison or a sweep/],
      [['compare', A, B, '--set', 'tiers.bakc.servers[0].speed=2'], /tiers has no "bakc" — did you mean "back"\?/],
      [['compare', A, 'test/fixtures/nope.json'], /nope\.json/],
      [['compare', A, B, '--gate', 'maybe'], /--gate: expected "mean" or "bound"/],
    ];
    for (const [args, message] of cases) {
      const r = simulate(...args, '--quiet');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
