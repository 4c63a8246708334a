/**
 * The files a scenario is made of: only regular files are read (a FIFO or a
 * device is refused at once, never waited on), standard input is accepted
 * for the scenario itself, nesting and `extends` chains are bounded, and a
 * bad timestamps trace is reported by validation as file:line.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/run/run-scenario.js';
import { loadScenario } from '../src/scenario/load.js';
import { ScenarioError } from '../src/scenario/scenario-error.js';
import { simulate, simulateWithInput, type CliResult } from './support/cli.js';
import { mm1, tempDir, writeIn } from './support/temp-scenarios.js';

function fifo(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Exit 2, one line per problem, no stack trace, answered quickly (not after a hang). */
function expectBadInput(r: CliResult, message: RegExp, started: number): void {
  expect(Date.now() - started, 'answered at once').toBeLessThan(10_000);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/internal error/);
}

const traceScenario = (trace: object): Record<string, any> => ({
  name: 'trace-input',
  run: { duration: '100s', seed: 1 },
  sites: { RBX: {} },
  traffic: { classes: { page: { share: 1, path: ['web'] }, asset: { share: 1, path: ['web'] } }, trace },
  tiers: { web: { servers: [{ name: 'w', site: 'RBX', slots: 4 }], serviceTime: { dist: 'exponential', mean: '5ms' } } },
});

describe('only regular files are read', () => {
  const dir = tempDir();

  it('refuses a FIFO, /dev/zero and /dev/null as the scenario, at once', () => {
    for (const path of [fifo(dir, 'scenario.fifo'), '/dev/zero', '/dev/null']) {
      for (const args of [[path, '--quiet'], ['validate', path]]) {
        const started = Date.now();
        expectBadInput(simulate(...args), /is not a regular file \(it is a (FIFO|character device)/, started);
      }
    }
  });

  it('refuses a FIFO or /dev/zero as an extends target', () => {
    fifo(dir, 'base.fifo');
    for (const target of ['base.fifo', 'zero-link.json']) {
      if (target === 'zero-link.json') execFileSync('ln', ['-s', '/dev/zero', join(dir, target)]);
      // A link out of the directory is refused for that reason first; a device inside it must be refused too.
      const file = writeIn(dir, `extends-${target}.json`, { extends: target, name: 'x' });
      const started = Date.now();
      const r = simulate('validate', file);
      expectBadInput(r, target === 'base.fifo' ? /base\.fifo: is not a regular file/ : /outside|not a regular file/, started);
    }
  });

  it('refuses a FIFO as a rate trace or a timestamps trace', () => {
    fifo(dir, 'trace.fifo');
    for (const trace of [{ rates: 'trace.fifo' }, { timestamps: 'trace.fifo' }]) {
      const file = writeIn(dir, `trace-${Object.keys(trace)[0]}.json`, traceScenario(trace));
      const started = Date.now();
      expectBadInput(simulate('validate', file), /trace\.fifo: is not a regular file \(it is a FIFO/, started);
    }
  });

  it('reads the scenario from standard input as "-" or /dev/stdin, with several workers', () => {
    const s = mm1();
    s.run.duration = '300s';
    for (const name of ['-', '/dev/stdin']) {
      const r = simulateWithInput(JSON.stringify(s), name, '--replications', '2', '--workers', '2', '--json');
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout);
      expect(summary.replications).toBe(2);
      expect(summary.requests.total).toBeGreaterThan(5000);
    }
    const bad = simulateWithInput('{"name": ', '-', '--quiet');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^\/dev\/stdin: invalid JSON/);
  });
});

describe('nesting and extends are bounded', () => {
  const dir = tempDir();

  it('a 10,000-deep extends value or tier value exits 2, not 3 (stack overflow)', () => {
    const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
    const text = JSON.stringify(mm1());
    for (const [name, body] of [
      ['deep-extends.json', text.replace(/^\{/, `{"extends": ${deep(10_000)},`)],
      ['deep-servers.json', text.replace('"servers":', `"servers": ${deep(10_000)}, "x":`)],
      ['deep-object.json', text.replace(/^\{/, `{"tiers": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},`).replace(/,"tiers":\{"station".*$/, '}')],
    ] as const) {
      writeFileSync(join(dir, name), body);
      const started = Date.now();
      expectBadInput(simulate(join(dir, name), '--quiet'), /nested more than 64 levels deep/, started);
    }
  });

  it('an extends chain longer than 32 files exits 2 with the start of the chain', () => {
    const base = mm1();
    for (let i = 0; i < 40; i++) writeIn(dir, `c${i}.json`, i < 39 ? { extends: `c${i + 1}.json` } : base);
    const started = Date.now();
    expectBadInput(simulate(join(dir, 'c0.json'), '--quiet'), /"extends" chains more than 32 files \(c0\.json → c1\.json → c2\.json → …\)/, started);
    // A short chain still works.
    writeIn(dir, 'short.json', { extends: 'c39.json', run: { duration: '200s', warmup: '0s' } });
    expect(simulate(join(dir, 'short.json'), '--quiet').code).toBe(0);
  });
});

describe('a bad timestamps trace is bad input, reported as file:line', () => {
  const dir = tempDir();
  const cases: Array<[string, string, RegExp]> = [
    ['unsorted.csv', 'time,class\n1,page\n2,page\n1.5,asset\n', /unsorted\.csv:4: time 1\.5 s is before the previous line's \(2 s\)/],
    ['badline.csv', '1,page\n2,page\nnot-a-time,asset\n', /badline\.csv:3: "not-a-time" is not a number of seconds/],
    ['badclass.csv', '1,page\n2,admin\n', /badclass\.csv:2: unknown request class "admin"/],
  ];
  for (const [csv, content, message] of cases) {
    it(`${csv}: validate and the run exit 2 naming the line`, () => {
      writeIn(dir, csv, content);
      const file = writeIn(dir, `${csv}.json`, traceScenario({ timestamps: csv }));
      for (const args of [['validate', file], [file, '--quiet']]) {
        const r = simulate(...args);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain('traffic.trace.timestamps');
      }
    });
  }
});

describe('a trace that turns bad during the run', () => {
  it('is bad input naming file:line (a ScenarioError, exit 2), not an internal error', async () => {
    const dir = tempDir();
    writeIn(dir, 'live.csv', '1,page\n2,asset\n3,page\n');
    const { scenario } = loadScenario(writeIn(dir, 'live.json', traceScenario({ timestamps: 'live.csv' })));
    writeIn(dir, 'live.csv', '1,page\n2,asset\n1,page\n'); // edited after validation
    const err = await runScenario(scenario).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).problems[0]).toMatchObject({ path: 'traffic.trace.timestamps' });
    expect((err as ScenarioError).message).toMatch(/live\.csv:3: time 1 s is before the previous line's \(2 s\)/);
  });
});
