/**
 * CI outputs: `--junit` (one test case per SLO, parsed here by a JUnit
 * parser, junit2json), `--summary-md` and $GITHUB_STEP_SUMMARY.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../src/cli/junit.js';
import { mdCell } from '../src/cli/summary-md.js';
import type { Summary } from '../src/run/summary.js';
import { ROOT, simulate } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'simulate-ci-'));

describe('--junit', () => {
  it('one test case per SLO: ok, failed, unsure, not evaluable', async () => {
    const file = join(dir, 'slo.xml');
    const r = simulate(
      'test/fixtures/mm1-small.json', '--quiet', '--duration', '300s', '--replications', '3', '--gate', 'bound', '--junit', file, '--window', '2s',
      '--slo', 'latencyMs.p99 < 10ms', '--slo', 'latencyMs.p99 < 100ms', '--slo', 'latencyMs.p99 < 500ms in every 5s window',
    );
    expect(r.code).toBe(1);
    const report = (await parse(readFileSync(file, 'utf8'))) as { testsuite: Array<Record<string, unknown> & { testcase: Array<Record<string, unknown>> }> } & Record<string, unknown>;
    expect(report).toMatchObject({ name: 'simulate', tests: 4, failures: 2, errors: 1 });
    const suite = report.testsuite[0]!;
    expect(suite).toMatchObject({ name: 'mm1-small', tests: 4, failures: 2, errors: 1 });
    const cases = suite.testcase.map((c) => [c.name, c.failure ? `failure:${(c.failure as Array<{ type: string }>)[0]!.type}` : c.error ? 'error' : 'ok']);
    expect(cases).toEqual([
      ['latencyMs.p99 < 200', 'ok'],
      ['latencyMs.p99 < 10ms', 'failure:failed'],
      ['latencyMs.p99 < 100ms', 'failure:unsure'],
      ['latencyMs.p99 < 500ms in every 5s window', 'error'],
    ]);
    const failed = (suite.testcase[1]!.failure as Array<{ message: string }>)[0]!.message;
    expect(failed).toMatch(/measured [0-9.]+ ms, threshold < 10 ms, 95% interval \[.*\] over 3 replications/);
  });

  it('escapes what XML cannot carry', async () => {
    const s = {
      scenario: 'a<b & "c"\u0007',
      file: 'f.json',
      seed: 1,
      replications: 1,
      performance: { wallSeconds: 1 },
      cost: undefined,
      slo: [{ objective: 'latencyMs.p99 < 1s', value: 2000, ok: false, status: 'failed', metric: 'latencyMs.p99', op: '<', threshold: 1000, unit: 'ms', gate: 'mean' }],
    } as unknown as Summary;
    const report = await parse(junitXml(s));
    expect(report).toMatchObject({ testsuite: [{ name: 'a<b & "c"', testcase: [{ classname: 'slo.a<b & "c"' }] }] });
  });
});

describe('--summary-md and $GITHUB_STEP_SUMMARY', () => {
  it('writes the Markdown summary and appends it to the step summary', () => {
    const md = join(dir, 'summary.md');
    const step = join(dir, 'step.md');
    writeFileSync(step, '# earlier step\n');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'dist/src/cli/main.js'), 'test/fixtures/mm1-small.json', '--quiet', '--duration', '300s', '--replications', '2', '--summary-md', md, '--slo', 'classes.req.latencyMs.p99 < 2s'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: step } },
    );
    expect(r.status).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toMatch(/^### simulate: mm1-small — ✅ all 2 SLOs met\n/);
    expect(text).toMatch(/\| ✅ ok \| classes\.req\.latencyMs\.p99 \\< 2s \| [0-9.]+ ms \| \\\[.* ms, .* ms\\\] over 2 replications \| {2}\|/);
    expect(text).toMatch(/\| replications where every SLO held \| 2 of 2 \(95% CI/);
    expect(readFileSync(step, 'utf8')).toBe(`# earlier step\n${text}\n`);
  });

  it('a cell cannot break the table', () => {
    expect(mdCell('a|b\nc<script>')).toBe('a\\|b c\\<script\\>');
  });
});

it('--help lists the SLO and CI options and the metrics command', () => {
  const r = simulate('--help');
  expect(r.code).toBe(0);
  for (const flag of ['--slo', '--gate', '--precision', '--max-replications', '--junit', '--summary-md', 'metrics [scenario]']) expect(r.stdout).toContain(flag);
});
