/** Bad populations and batches: a clear message (file, JSON path, what was expected, a suggestion) and exit 2. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from './support/cli.js';
import { problemsOf } from './support/run-data.js';

function base(): any {
  return {
    name: 'closed-base',
    run: { duration: '1h' },
    sites: { RBX: {} },
    traffic: {
      classes: { web: { share: 1, path: ['app'] }, desk: { path: ['app'] } },
      phases: [{ phase: 'constant', rate: '5/s', duration: '1h' }],
      populations: { staff: { users: 20, class: 'desk', thinkTime: '5s' } },
      batches: { night: { jobs: 100, class: 'desk', spread: { over: '10min' }, deadline: '30min' } },
    },
    tiers: { app: { servers: [{ name: 'a', site: 'RBX', slots: 4 }], serviceTime: { dist: 'exponential', mean: '10ms' } } },
  };
}

function broken(mutate: (s: any) => void): unknown {
  const s = base();
  mutate(s);
  return s;
}

describe('closed workloads: validation', () => {
  it('accepts the base scenario (a class of the open stream beside a population and a batch, the closed class without a share)', () => {
    expect(problemsOf(base())).toEqual([]);
  });

  const cases: Array<[string, (s: any) => void, RegExp]> = [
    ['a population naming an unknown class', (s) => (s.traffic.populations.staff.class = 'dsk'), /x\.json: traffic\.populations\.staff\.class: unknown request class "dsk" .* — did you mean "desk"\?/],
    ['both class and classes', (s) => (s.traffic.populations.staff.classes = { web: 1 }), /x\.json: traffic\.populations\.staff: give exactly one of "class" or "classes"/],
    ['neither class nor classes', (s) => delete s.traffic.batches.night.class, /x\.json: traffic\.batches\.night: give exactly one of "class" or "classes"/],
    ['zero users', (s) => (s.traffic.populations.staff.users = 0), /x\.json: traffic\.populations\.staff\.users: expected a value ≥ 1, got 0/],
    ['a think time of zero', (s) => (s.traffic.populations.staff.thinkTime = '0s'), /x\.json: traffic\.populations\.staff\.thinkTime: must be longer than zero, got "0s"/],
    ['a batch released after the run', (s) => (s.traffic.batches.night.at = '2h'), /x\.json: traffic\.batches\.night\.at: the batch is released at 2h, not before the end of the run/],
    ['a window longer than the period', (s) => (s.traffic.batches.night.every = '5min'), /x\.json: traffic\.batches\.night\.spread\.over: the release window \(10min\) is longer than the period \(5min\)/],
    ['requests max below min', (s) => (s.traffic.batches.night.requests = { min: 5, max: 2 }), /x\.json: traffic\.batches\.night\.requests\.max: must be at least min \(5\), got 2/],
    ['an open class without a share', (s) => delete s.traffic.classes.web.share, /x\.json: traffic\.classes\.web\.share: missing \(expected a share of the shared arrivals/],
    [
      'phases with every class closed',
      (s) => (s.traffic.populations.staff.classes = { web: 1 }) && delete s.traffic.populations.staff.class,
      /x\.json: traffic\.phases: every class belongs to a population or batch/,
    ],
    ['an unknown spread', (s) => (s.traffic.batches.night.spread.how = 'even'), /x\.json: traffic\.batches\.night\.spread\.how: /],
  ];
  for (const [what, mutate, expected] of cases) {
    it(`reports ${what}`, () => {
      const problems = problemsOf(broken(mutate));
      expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
    });
  }

  it('`simulate validate` exits 2 with the messages and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-closed-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken((s) => (s.traffic.populations.staff.class = 'dsk'))));
    const r = simulate('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: traffic.populations.staff.class: unknown request class "dsk"`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('without phases, populations and batches are the whole traffic', () => {
    expect(problemsOf(broken((s) => (delete s.traffic.phases, delete s.traffic.classes.web)))).toEqual([]);
  });
});
