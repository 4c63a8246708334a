/**
 * A run over several processes or machines (issue 16 item 4): `--shard K/N`
 * slices the replications, `simulate merge` joins the shard files, and the
 * merged summary is byte-identical to one process's (wall-clock fields
 * aside) — as is a run on 1, 2 or 3 worker threads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromExactJson, toExactJson } from '../src/run/exact-json.js';
import { parseShard, shardRange } from '../src/run/shards.js';
import { deterministicPart, type Summary } from '../src/run/summary.js';
import { ROOT, simulate, simulateAsync } from './support/cli.js';
import { tempDir } from './support/temp-scenarios.js';

const ERP = 'scenarios/erp-ha-drp.corruption.json';
const REPS = '5';

/** The deterministic part of a summary, as text. */
const same = (s: Summary): string => JSON.stringify(deterministicPart(s));

describe('shard slices', () => {
  it('the N slices cover 0..R−1 once each, in order, sizes within one', () => {
    for (let r = 0; r <= 13; r++) {
      for (let n = 1; n <= 9; n++) {
        const covered: number[] = [];
        const sizes: number[] = [];
        for (let k = 1; k <= n; k++) {
          const { from, to } = shardRange({ index: k, count: n }, r);
          for (let i = from; i < to; i++) covered.push(i);
          sizes.push(to - from);
        }
        expect(covered).toEqual(Array.from({ length: r }, (_, i) => i));
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('--shard K/N is read strictly', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b', '1.5/3', '-1/3']) expect(() => parseShard(bad), bad).toThrow(/expected K\/N/);
  });

  it('exact JSON gives back Infinity, NaN, −0, typed arrays and odd keys', () => {
    const v = { a: Infinity, b: -Infinity, c: NaN, d: -0, e: 0.1 + 0.2, f: new Float64Array([1 / 3, -0, Infinity]), g: new Int32Array([-7, 2 ** 31 - 1]), ['__proto__']: 5, h: [null, 'x'] };
    Object.defineProperty(v, '__proto__', { value: 5, enumerable: true });
    const back = fromExactJson(toExactJson(v)) as typeof v;
    expect(back.a).toBe(Infinity);
    expect(back.b).toBe(-Infinity);
    expect(back.c).toBeNaN();
    expect(Object.is(back.d, -0)).toBe(true);
    expect(back.e).toBe(0.1 + 0.2);
    expect(back.f).toBeInstanceOf(Float64Array);
    expect(Array.from(back.f)).toEqual([1 / 3, -0, Infinity]);
    expect(Object.is(back.f[1], -0)).toBe(true);
    expect(back.g).toBeInstanceOf(Int32Array);
    expect(Array.from(back.g)).toEqual([-7, 2 ** 31 - 1]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBe(5);
    expect(back.h).toEqual([null, 'x']);
  });
});

describe('the same summary however the run is spread', () => {
  it('1, 2 and 3 worker threads give byte-identical summaries', async () => {
    const dist = (m: string): string => pathToFileURL(join(ROOT, 'dist', 'src', m)).href;
    const { runScenario } = (await import(dist('run/run-scenario.js'))) as typeof import('../src/run/run-scenario.js');
    const { loadScenario } = (await import(dist('scenario/load.js'))) as typeof import('../src/scenario/load.js');
    const { scenario } = loadScenario(join(ROOT, ERP));
    scenario.run.replications = Number(REPS);
    const runs = [await runScenario(scenario, { workers: 1 }), await runScenario(scenario, { workers: 2 }), await runScenario(scenario, { workers: 3 })];
    expect(runs.map((r) => r.performance.workers)).toEqual([1, 2, 3]);
    expect(same(runs[1]!)).toBe(same(runs[0]!));
    expect(same(runs[2]!)).toBe(same(runs[0]!));
  });

  it('--shard 1/3 … 3/3 in three processes at once, then merge: the one-process summary, byte for byte; the exit code is the run\'s', async () => {
    const dir = tempDir();
    const shards = [1, 2, 3].map((k) => join(dir, `shard-${k}.json`));
    const runs = await Promise.all(shards.map((file, i) => simulateAsync(ERP, '--replications', REPS, '--shard', `${i + 1}/3`, '--out', file, '--quiet')));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const one = simulate(ERP, '--replications', REPS, '--workers', '1', '--json');
    const merged = simulate('merge', shards[2]!, shards[0]!, shards[1]!, '--json');
    expect(merged.code, merged.stderr).toBe(one.code);
    expect(one.code).toBe(1); // the ERP corruption rolls back more than an hour of writes (its SLO): the merge says so too
    expect(same(JSON.parse(merged.stdout) as Summary)).toBe(same(JSON.parse(one.stdout) as Summary));
    const shard2 = JSON.parse(readFileSync(shards[1]!, 'utf8'));
    expect(shard2.replications).toEqual({ from: 1, to: 3, of: 5 });
    expect(shard2.results.map((r: { index: number }) => r.index)).toEqual([1, 2]);

    // What merge refuses, with exit 2 and a suggestion.
    const refused = (args: string[], why: RegExp): void => {
      const r = simulate('merge', ...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toMatch(/suggestion:/);
    };
    refused([shards[0]!, shards[2]!], /shard\(s\) 2\/3 missing/);
    refused([shards[0]!, shards[0]!, shards[1]!, shards[2]!], /given twice/);
    const other = join(dir, 'other-seed.json');
    expect(simulate(ERP, '--replications', REPS, '--seed', '99', '--shard', '2/3', '--out', other, '--quiet').code).toBe(0);
    refused([shards[0]!, other, shards[2]!], /another run/);
    const partial = join(dir, 'partial.json');
    const p = JSON.parse(readFileSync(shards[1]!, 'utf8'));
    p.partial = 'SIGINT'; // as an interrupted shard writes it: the replications done, marked
    p.results = p.results.slice(0, 1);
    writeFileSync(partial, JSON.stringify(p));
    refused([shards[0]!, partial, shards[2]!], /is partial: it stopped \(SIGINT\) after replications 1\.\.1 of 1\.\.2/);
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, readFileSync(shards[1]!, 'utf8').replace('"name":"erp-ha-drp.corruption"', '"name":"erp-other"'));
    refused([shards[0]!, tampered, shards[2]!], /changed after it was written/);
    const summary = join(dir, 'summary.json');
    writeFileSync(summary, one.stdout);
    refused([summary], /not a shard file/);
    refused([join(dir, 'nope.json')], /cannot read/);
  });

  it('--shard needs --out and a fixed number of replications', () => {
    const noOut = simulate(ERP, '--shard', '1/2', '--quiet');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--shard needs --out/);
    const auto = simulate(ERP, '--shard', '1/2', '--replications', 'auto', '--out', join(tempDir(), 'x.json'), '--quiet');
    expect(auto.code).toBe(2);
    expect(auto.stderr).toMatch(/cannot be combined with --replications auto/);
    expect(simulate(ERP, '--shard', '3/2', '--out', join(tempDir(), 'x.json')).stderr).toMatch(/expected K\/N/);
  });
});
