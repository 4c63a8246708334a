/**
 * Ctrl-C and SIGTERM during `simulate sweep` and `simulate compare` keep
 * what is done (issue 16 item 3): once replications 1..k of every point (or
 * scenario) have completed, the result is that of the same command asked
 * for k replications, byte for byte but for its `partial` and `interrupted`
 * marks; it is printed and written to --out, and the command exits 130/143.
 * Before that, nothing is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, simulateAndSignal } from './support/cli.js';
import { tempDir } from './support/temp-scenarios.js';

const MM1 = 'test/fixtures/mm1-small.json';
const A = 'test/fixtures/compare/two-tier.json';
const B = 'test/fixtures/compare/two-tier-faster-back.json';
const VARY = ['--vary', 'tiers.station.servers[0].slots=1,2'];
/** Runs done so far, from the SIMULATE_PROGRESS=lines lines. */
const runsDone = (stderr: string): number => (stderr.match(/^simulate: \d+\/\d+ runs done$/gm) ?? []).length;

function withoutMarks(json: string): unknown {
  const { partial: _p, interrupted: _i, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return rest;
}

describe('simulate sweep and compare interrupted (the built CLI)', () => {
  for (const [signal, workers, code] of [
    ['SIGINT', '1', 130],
    ['SIGTERM', '2', 143],
  ] as const) {
    it(`sweep, ${signal}, ${workers} worker(s): exit ${code}; the result equals the sweep of the replications done, marked partial, in --out`, async () => {
      const out = join(tempDir(), 'sweep.json');
      // Replication-major order: runs are handed out as replication 1 of each point, then 2, …
      const r = await simulateAndSignal(signal, (e) => runsDone(e) >= 4, 'sweep', MM1, ...VARY, '--replications', '40', '--duration', '20000s', '--workers', workers, '--json', '--out', out);
      expect(r.sent).toBe(true);
      expect(r.code, r.stderr).toBe(code);
      const partial = JSON.parse(r.stdout) as { partial: boolean; replications: number; interrupted: { signal: string; completedReplications: number; requestedReplications: number }; points: unknown[] };
      expect(partial.partial).toBe(true);
      const k = partial.replications;
      expect(k).toBeGreaterThanOrEqual(1); // 2 unless one worker got well ahead of the other
      expect(k).toBeLessThan(40);
      expect(partial.interrupted).toEqual({ signal, completedReplications: k, requestedReplications: 40 });
      expect(partial.points).toHaveLength(2);
      expect(r.stderr).toContain(`the result covers replications 1..${k} of every scenario (of 40), marked partial`);
      expect(readFileSync(out, 'utf8')).toBe(r.stdout);
      const fresh = simulate('sweep', MM1, ...VARY, '--replications', String(k), '--duration', '20000s', '--workers', '1', '--json', '--quiet');
      expect(fresh.code, fresh.stderr).toBe(0);
      expect(withoutMarks(r.stdout)).toEqual(JSON.parse(fresh.stdout));
    });
  }

  it('compare, SIGINT: exit 130, the comparison of the replications done, marked partial; the table says so', async () => {
    const r = await simulateAndSignal('SIGINT', (e) => runsDone(e) >= 4, 'compare', A, B, '--replications', '200', '--duration', '2h', '--workers', '1', '--json');
    expect(r.sent).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    const partial = JSON.parse(r.stdout) as { partial: boolean; replications: number; interrupted: { completedReplications: number } };
    expect(partial.partial).toBe(true);
    const k = partial.replications;
    expect(k).toBeGreaterThanOrEqual(2);
    expect(partial.interrupted.completedReplications).toBe(k);
    const fresh = simulate('compare', A, B, '--replications', String(k), '--duration', '2h', '--workers', '1', '--json', '--quiet');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(withoutMarks(r.stdout)).toEqual(JSON.parse(fresh.stdout));
    const table = await simulateAndSignal('SIGINT', (e) => runsDone(e) >= 2, 'compare', A, B, '--replications', '200', '--duration', '2h', '--workers', '1');
    expect(table.code, table.stderr).toBe(130);
    expect(table.stdout).toMatch(/PARTIAL: interrupted \(SIGINT\) after \d+ of the 200 replications of every scenario/);
  });

  it('compare --replications auto, SIGINT in its second round: the first round and what the second completed, marked partial', async () => {
    const dir = tempDir();
    const a = JSON.parse(readFileSync(MM1, 'utf8'));
    const b = JSON.parse(readFileSync(MM1, 'utf8'));
    b.tiers.station.servers[0].name = 'other'; // its own stream: the same p99 in law, never exactly, so 0.1% does not settle at 10
    const fa = join(dir, 'a.json');
    const fb = join(dir, 'b.json');
    writeFileSync(fa, JSON.stringify(a));
    writeFileSync(fb, JSON.stringify(b));
    const auto = ['--replications', 'auto', '--precision', '0.1%', '--max-replications', '80'];
    // The first round is 10 replications of each: 20 runs; the signal comes during the second (replications 11..20).
    const r = await simulateAndSignal('SIGINT', (e) => runsDone(e) >= 24, 'compare', fa, fb, ...auto, '--workers', '1', '--json');
    expect(r.sent).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    const partial = JSON.parse(r.stdout) as { partial: boolean; replications: number; auto: { reached: boolean; maxReplications: number }; interrupted: { completedReplications: number; requestedReplications: number } };
    const k = partial.replications;
    expect(k).toBeGreaterThanOrEqual(12);
    expect(k).toBeLessThan(20);
    expect(partial.auto).toMatchObject({ reached: false, maxReplications: 80 });
    expect(partial.interrupted).toMatchObject({ completedReplications: k, requestedReplications: 80 });
    const fresh = simulate('compare', fa, fb, '--replications', String(k), '--workers', '1', '--json', '--quiet');
    expect(fresh.code, fresh.stderr).toBe(0);
    const { auto: _a, ...rest } = withoutMarks(r.stdout) as Record<string, unknown>;
    expect(rest).toEqual(JSON.parse(fresh.stdout));
  });

  it('interrupted before a replication of every point is done: exit 130, nothing written, an existing --out left as it was', async () => {
    const dir = tempDir();
    const out = join(dir, 'sweep.json');
    writeFileSync(out, '{"previous": "result"}\n');
    // Two workers, one point of 200 s and one of 2,000,000 s (100 M arrivals, many seconds): the signal follows the short point's first run.
    const r = await simulateAndSignal('SIGINT', (e) => runsDone(e) >= 1, 'sweep', MM1, '--vary', 'run.duration=200s,2000000s', '--replications', '2', '--workers', '2', '--out', out);
    expect(r.sent).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('simulate: interrupted (SIGINT): nothing written (no replication of every scenario had completed)');
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('{"previous": "result"}\n');
  });
});
