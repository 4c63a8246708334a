/**
 * A sweep over several processes or machines (issue 16 item 4, "or of a
 * sweep's points"): `simulate sweep … --shard K/N --out f.json` runs a
 * slice of the grid's points, and `simulate merge` of the N files prints
 * exactly the sweep one process prints — table, JSON and CSV — and
 * refuses files that are not the N slices of one sweep.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, simulateAsync } from './support/cli.js';
import { tempDir } from './support/temp-scenarios.js';

const LOSS = 'test/fixtures/compare/erlang-loss.json';
const COUNT = 'tiers.station.servers[0].count';
// 5 points: shards of 3 are 1, 2 and 2 points (⌊kP/N⌋), so the slicing is uneven on purpose.
const GRID = ['--vary', `${COUNT}=5..9`, '--replications', '2', '--duration', '200s'];

describe('sweep shards', () => {
  const dir = tempDir();
  const files = [1, 2, 3].map((k) => join(dir, `sweep-${k}.json`));

  it('three shard processes at once, merged, print the one-process sweep byte for byte (JSON, CSV and table)', { timeout: 200_000 }, async () => {
    const runs = await Promise.all(files.map((f, i) => simulateAsync('sweep', LOSS, ...GRID, '--shard', `${i + 1}/3`, '--out', f, '--workers', '1')));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[1]!.stderr).toContain('sweep shard 2/3: points 1..2 of 5');
    const rows = files.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { rows: unknown[] }).rows.length);
    expect(rows).toEqual([1, 2, 2]);

    const one = simulate('sweep', LOSS, ...GRID, '--json', '--quiet');
    const merged = simulate('merge', files[2]!, files[0]!, files[1]!, '--json', '--quiet');
    expect(one.code).toBe(0);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(one.stdout);
    expect((JSON.parse(one.stdout) as { points: unknown[] }).points).toHaveLength(5);

    const table = simulate('sweep', LOSS, ...GRID, '--quiet');
    expect(simulate('merge', ...files, '--quiet').stdout).toBe(table.stdout);

    const csvOne = join(dir, 'one.csv');
    const csvMerged = join(dir, 'merged.csv');
    expect(simulate('sweep', LOSS, ...GRID, '--quiet', '--out', csvOne).code).toBe(0);
    expect(simulate('merge', ...files, '--quiet', '--out', csvMerged).code).toBe(0);
    expect(readFileSync(csvMerged, 'utf8')).toBe(readFileSync(csvOne, 'utf8'));
  });

  it('refuses a missing shard, a shard twice, another sweep, a run shard among them, a tampered file, and --shard without --out', { timeout: 200_000 }, () => {
    const refused = (r: { code: number | null; stderr: string }, what: RegExp): void => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(what);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    };
    refused(simulate('merge', files[0]!, files[1]!, '--quiet'), /shard\(s\) 3\/3 missing/);
    refused(simulate('merge', files[0]!, files[1]!, files[1]!, '--quiet'), /shard 2\/3 is given twice/);

    const other = join(dir, 'other-3.json');
    expect(simulate('sweep', LOSS, '--vary', `${COUNT}=5..9`, '--replications', '2', '--duration', '300s', '--shard', '3/3', '--out', other, '--quiet').code).toBe(0);
    refused(simulate('merge', files[0]!, files[1]!, other, '--quiet'), /shard of another sweep/);

    const runShard = join(dir, 'run-1.json');
    expect(simulate(LOSS, '--replications', '2', '--duration', '300s', '--shard', '1/1', '--out', runShard, '--quiet').code).toBe(0);
    refused(simulate('merge', files[0]!, runShard, '--quiet'), /not a sweep shard file/);

    const tampered = join(dir, 'tampered-2.json');
    const data = JSON.parse(readFileSync(files[1]!, 'utf8')) as { rows: unknown[] };
    data.rows.pop();
    writeFileSync(tampered, JSON.stringify(data));
    refused(simulate('merge', files[0]!, tampered, files[2]!, '--quiet'), /does not hold the rows of points 1\.\.2/);

    refused(simulate('sweep', LOSS, ...GRID, '--shard', '1/3', '--quiet'), /--shard needs --out <file\.json>/);
    refused(simulate('sweep', LOSS, ...GRID, '--shard', '4/3', '--out', join(dir, 'x.json'), '--quiet'), /expected K\/N/);
  });
});
