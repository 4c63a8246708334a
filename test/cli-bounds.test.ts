/**
 * The command line fails fast on absurd work, careless flags and output
 * faults: exit 2 with a message naming the cause, never a hang, a stack
 * trace or exit 3.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockTime, Progress } from '../src/cli/progress.js';
import { estimateWork, integrateRate } from '../src/run/work-estimate.js';
import { loadScenario } from '../src/scenario/load.js';
import { ROOT, simulate, simulateAndSignal } from './support/cli.js';
import { SHORTENED_GOLDEN } from './support/golden-runs.js';
import { mm1, tempDir, writeIn } from './support/temp-scenarios.js';

const BIN = join(ROOT, 'dist/src/cli/main.js');
const FIXTURE = 'test/fixtures/mm1-small.json';

function expectRefused(args: string[], message: RegExp): void {
  const started = Date.now();
  const r = simulate(...args);
  expect(Date.now() - started, 'refused at once').toBeLessThan(10_000);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('the work budget', () => {
  const dir = tempDir();
  const absurd: Array<[string, (s: Record<string, any>) => void, RegExp]> = [
    ['rate: "1e9/s"', (s) => (s.traffic.phases[0].rate = '1e9/s'), /traffic: the run asks for about 4\.0e12 events \(mostly arrivals/],
    [
      'a 1 ns health-check interval',
      (s) => (s.tiers.station.healthCheck = { interval: '1ns', timeout: '1ns' }),
      /tiers\.station\.healthCheck\.interval: the run asks for about 2\.0e12 events \(mostly health-check probes/,
    ],
    ['mtbf: "1ns"', (s) => (s.tiers.station.servers[0].failures = { mtbf: '1ns', mttr: '1ns' }), /tiers\.station\.servers: .*mostly random failures/],
    ['duration: "5200w"', (s) => (s.run.duration = '5200w'), /traffic: the run asks for about 3\.1e11 events .* pass --max-events 3\.5e11 /],
  ];
  for (const [what, edit, message] of absurd) {
    it(`refuses ${what} before running, with the estimate and the flag that lifts the budget`, () => {
      const s = mm1();
      edit(s);
      expectRefused([writeIn(dir, `${what.replace(/\W+/g, '-')}.json`, s), '--quiet'], message);
      expectRefused([writeIn(dir, `${what.replace(/\W+/g, '-')}.json`, s)], /above the budget of 2\.0e9 events .* pass --max-events \S+ \(or --max-events unlimited\)/);
    });
  }

  it('validate warns that a run would be refused, and still passes the file', () => {
    const s = mm1();
    s.traffic.phases[0].rate = '1e9/s';
    const r = simulate('validate', writeIn(dir, 'validate-rate.json', s));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/traffic: warning: a run asks for about 4\.0e12 events .* it will be refused unless run with --max-events 4\.4e12/);
  });

  it('--max-events lowers or lifts the budget', () => {
    expectRefused([FIXTURE, '--max-events', '1000'], /about 200,000 events .* above the budget of 1,000 events \(about 250µs at 4 M events\/s\) — .* pass --max-events 220001 /);
    expect(simulate(FIXTURE, '--quiet', '--max-events', '1e6').code).toBe(0);
    expect(simulate(FIXTURE, '--quiet', '--max-events', '220001').code).toBe(0); // the value the message suggests works
    expect(simulate(FIXTURE, '--quiet', '--max-events', 'unlimited').code).toBe(0);
    expectRefused([FIXTURE, '--max-events', 'lots'], /--max-events: expected a number of events such as 5e9, or "unlimited", got "lots"/);
  });

  it('estimates the committed scenarios close to the events they really take', () => {
    for (const f of readdirSync(join(ROOT, 'scenarios')).filter((x) => x.endsWith('.json'))) {
      const { scenario } = loadScenario(join(ROOT, 'scenarios', f), SHORTENED_GOLDEN[f]); // as its golden was run
      const measured = JSON.parse(readFileSync(join(ROOT, 'test/golden', f.replace(/\.json$/, '.summary.json')), 'utf8')).performance.events;
      const ratio = estimateWork(scenario).events / measured;
      expect(ratio, f).toBeGreaterThan(0.8);
      expect(ratio, f).toBeLessThan(2.5); // caches end requests early (nextradiotv: 2.1)
      if (f === 'sofoot-worldcup.json') expect(Math.abs(ratio - 1)).toBeLessThan(0.05);
    }
  });

  it('counts the called tiers once per expected call, emitted requests, and a batch\'s own class', () => {
    const s = mm1();
    s.traffic.classes = {
      page: { share: 1, path: ['web', 'db'], calls: { tier: 'db', count: 10 }, emits: { class: 'alert', probability: 0.5 } },
      alert: { share: 0, path: ['web'] },
      job: { path: ['web', 'db'] },
    };
    s.traffic.batches = { nightly: { class: 'job', jobs: 1000, requests: 3 } };
    s.tiers = {
      web: { servers: [{ name: 'w', site: 'RBX', slots: 64 }], serviceTime: { dist: 'exponential', mean: '1ms' } },
      db: { servers: [{ name: 'd', site: 'RBX', slots: 64 }], serviceTime: { dist: 'exponential', mean: '1ms' } },
    };
    delete s.slo;
    const { scenario } = loadScenario(writeIn(tempDir(), 'calls.json', s));
    // 50/s × 2000 s pages, each: its arrival, web once, db 10 times, and half an alert (arrival + web);
    // 1,000 jobs × 3 requests, each: its arrival, web, db.
    expect(estimateWork(scenario).perReplication.requests).toBeCloseTo(100_000 * (1 + 1 + 10 + 0.5 * 2) + 3_000 * 3, 6);
  });

  it('integrates ramps, steps and the held last rate exactly', () => {
    const points: Array<[number, number]> = [[0, 0], [10, 100], [10, 50], [20, 50]];
    expect(integrateRate(points, 0, 10)).toBeCloseTo(500, 9); // the ramp 0 → 100
    expect(integrateRate(points, 10, 30)).toBeCloseTo(1000, 9); // 50/s, held after the last point
    expect(integrateRate(points, 5, 15)).toBeCloseTo(375 + 250, 9);
  });
});

describe('progress shows an ETA', () => {
  it('from the speed so far, once 1% is done', () => {
    expect(Progress.line('x', 0.005, 3)).toBe('x:   1% simulated, 0:03 elapsed');
    expect(Progress.line('x', 0.25, 30)).toBe('x:  25% simulated, 0:30 elapsed, ETA 1:30');
    // With the run's size: replications done (3 of 8 at 42%) and events per second (10 M × 0.42 ÷ 12 s = 350 k/s).
    expect(Progress.line('x', 0.42, 12, { events: 1e7, replications: 8 })).toBe('x:  42% simulated, 3/8 replications, 350 k events/s, 0:12 elapsed, ETA 0:17');
    expect(clockTime(3725)).toBe('1:02:05');
    let t = 0;
    const drawn: string[] = [];
    const p = new Progress('run', (s) => drawn.push(s), () => t);
    t = 10_000;
    p.update(0.5);
    t = 10_100; // within 200 ms: not redrawn
    p.update(0.6);
    p.done();
    expect(drawn).toEqual(['\rrun:  50% simulated, 0:10 elapsed, ETA 0:10\x1b[K', '\r\x1b[K']);
  });
});

describe('careless flags are blamed on the flag', () => {
  it('--seed with no value is refused (it used to run with the seed "")', () => {
    for (const args of [[FIXTURE, '--quiet', '--seed'], [FIXTURE, '--seed', '--quiet'], [FIXTURE, '--seed=', '--quiet']]) {
      expectRefused(args, /^simulate: --seed needs a value, e.g. --seed 7/);
    }
    expect(simulate(FIXTURE, '--quiet', '--seed', '-3', '--duration', '200s').code).toBe(0); // a negative seed is a value
  });

  it('a repeated flag names the flag, not the scenario file', () => {
    expectRefused([FIXTURE, '--seed', '1', '--seed', '2'], /^simulate: --seed is given 2 times \(1, 2\); give it once/);
    expectRefused([FIXTURE, '--duration=10s', '--duration', '20s'], /^simulate: --duration is given 2 times \(10s, 20s\); give it once/);
  });

  it('--duration that leaves nothing to measure is exit 2, not "SLO FAILED"', () => {
    const s = mm1();
    s.run.warmup = '0s';
    const file = writeIn(tempDir(), 'no-warmup.json', s);
    expectRefused([file, '--duration', '1ns'], /with --duration 1ns, about 5\.0e-8 requests would arrive after the warm-up: nothing would be measured/);
    expectRefused([FIXTURE, '--duration', '1ns'], /run\.warmup: with --duration 1ns: the warm-up \(100s\) is not shorter than the run \(1ns\).* change --duration/);
  });

  it('--workers above the core count is capped, with a note', () => {
    const r = simulate(FIXTURE, '--json', '--workers', '64', '--replications', '3', '--duration', '200s');
    expect(r.code).toBe(0);
    const cores = availableParallelism();
    expect(r.stderr).toContain(`--workers 64 is more than the ${cores} core(s) of this machine: using ${cores}`);
    expect(JSON.parse(r.stdout).performance.workers).toBe(Math.min(cores, 3));
  });
});

describe('outputs survive faults', () => {
  const fresh = (): string => tempDir('simulate-out-');
  const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  it('a run that fails validation leaves an existing --out file untouched, and no temporary file', () => {
    const dir = fresh();
    const out = writeIn(dir, 'result.json', '{"previous": true}\n');
    const bad = mm1();
    bad.tiers.station.servers[0].slots = 0;
    const r = simulate(writeIn(dir, 'bad.json', bad), '--out', out);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('{"previous": true}\n'); // it was truncated to 0 bytes before
    expect(leftovers(dir)).toEqual([]);
  });

  it('an interrupted run leaves an existing --out file untouched and no temporary file', async () => {
    const dir = fresh();
    const out = writeIn(dir, 'result.json', '{"previous": true}\n');
    // 1,000 h at 50/s is about 3.6e8 events: a minute or more; the interrupt follows the start of the run by milliseconds.
    const r = await simulateAndSignal('SIGINT', (e) => /running 1 replication/.test(e), FIXTURE, '--duration', '1000h', '--quiet', '--out', out);
    expect(r.code).toBe(130); // stopped by the signal before its one replication completed: nothing to write
    expect(readFileSync(out, 'utf8')).toBe('{"previous": true}\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('writes a complete file; two runs writing one path leave one valid summary', async () => {
    const dir = fresh();
    const out = join(dir, 'shared.json');
    const run = (seed: string): Promise<number | null> =>
      new Promise((resolve) => {
        const c = spawn(process.execPath, [BIN, FIXTURE, '--quiet', '--seed', seed, '--out', out], { cwd: ROOT, stdio: 'ignore' });
        c.on('exit', resolve);
      });
    expect(await Promise.all([run('1'), run('2')])).toEqual([0, 0]);
    const s = JSON.parse(readFileSync(out, 'utf8'));
    expect(['1', '2']).toContain(String(s.seed));
    expect(leftovers(dir)).toEqual([]);
  });

  it('a full disk is reported as such (exit 2, not 3) and the summary still reaches stdout', () => {
    if (!existsSync('/dev/full')) return expect.fail('this test needs /dev/full (Linux)');
    const r = simulate(FIXTURE, '--quiet', '--duration', '300s', '--out', '/dev/full');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^mm1-small: availability 100\.000%/);
    expect(r.stderr.trim()).toBe('simulate: --out /dev/full: the summary could not be written (ENOSPC: no space left on the device); it is on standard output only');
  });

  it('a path that cannot be written fails before the run', () => {
    expectRefused([FIXTURE, '--out', '/nonexistent-dir/x.json'], /^simulate: --out \/nonexistent-dir\/x\.json: cannot write there \(ENOENT/);
    // A directory is a report directory (--out DIR): one holding other files than a report is not replaced.
    const busy = tempDir();
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    expectRefused([FIXTURE, '--out', busy], /is not empty and holds no summary\.json: not replacing it/);
    expect(readFileSync(join(busy, 'notes.txt'), 'utf8')).toBe('mine');
    expectRefused([FIXTURE, '--out', '-'], /^simulate: --out -: for the JSON summary on standard output, use --json/);
  });

  it('a closed pipe ends quietly: no stack trace, no exit 1', () => {
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => `scenarios/${f}`); // the notes (.md) are not scenarios
    const many = [...files, ...files, ...files, ...files].join(' ');
    for (const cmd of [`validate ${many}`, `${FIXTURE} --duration 300s`, `${FIXTURE} --duration 300s --json`]) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" ${cmd} | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr, cmd).toMatch(/^exit=0\n$/);
    }
  });
});

describe('a bad scenario after a good one does not hide its exit code', () => {
  it('validate exits 2 when one file is bad even if output stops early', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{');
    const r = simulate('validate', FIXTURE, join(dir, 'bad.json'));
    expect(r.code).toBe(2);
  });
});
