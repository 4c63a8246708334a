/** The model's size is bounded before anything is built (size-limits.ts). */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { ScenarioError } from '../src/scenario/scenario-error.js';
import { MAX_HOSTS, MAX_SERVERS } from '../src/scenario/size-limits.js';
import { simulate } from './support/cli.js';
import { mm1, tempDir, writeIn } from './support/temp-scenarios.js';

function problemsOf(data: unknown): string[] {
  try {
    resolveScenarioData(data, 'big.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('size limits', () => {
  it('refuses count: 1e9 at once, naming the group and the limit (it grew past 3.8 GB before)', () => {
    const s = mm1();
    s.tiers.station.servers[0].count = 1e9;
    const started = Date.now();
    const r = simulate('validate', writeIn(tempDir(), 'count.json', s));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tiers\.station\.servers\[0\]\.count: the scenario builds 1,000,000,000 servers .* at most 10,000 are simulated — model a large pool as fewer servers with more slots/);
  });

  it('counts every group of every tier, and accepts exactly the limit', () => {
    const s = mm1();
    s.tiers.station.servers = [
      { name: 'a', site: 'RBX', slots: 1, count: MAX_SERVERS / 2 },
      { name: 'b', site: 'RBX', slots: 1, count: MAX_SERVERS / 2 },
    ];
    expect(problemsOf(s).filter((p) => /servers/.test(p))).toEqual([]);
    s.tiers.station.servers[1].count += 1;
    expect(problemsOf(s)).toEqual([`tiers.station.servers[1].count: the scenario builds 10,001 servers (this group 5,001); at most 10,000 are simulated`]);
  });

  it('counts the instances an elastic group may start, and hosts', () => {
    const s = mm1();
    s.tiers.station.autoscaling = { group: 's', min: 1, max: 1e8, provisioning: { dist: 'constant', value: '1min' } };
    expect(problemsOf(s)[0]).toMatch(/^tiers\.station\.autoscaling\.max: the scenario builds 100,000,000 servers/);
    const h = mm1();
    h.hosts = { esx: { site: 'RBX', count: MAX_HOSTS + 1 } };
    expect(problemsOf(h)).toContain('hosts.esx.count: the scenario has 10,001 hosts; at most 10,000 are simulated');
  });
});
