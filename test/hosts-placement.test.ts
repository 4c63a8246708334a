/**
 * Host placement rules: anti-affinity (VMs kept on different hosts, at the
 * start and after a VMware HA restart; an error when impossible), Fault
 * Tolerance shadows that reserve room on another host and take over with
 * no downtime, and elastic VMs placed on hosts with room as they start,
 * lost with their host. Every expectation is exact: placements, and
 * running times that follow from the incidents' dates.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { buildModel } from '../src/model/build.js';
import { problemsOf } from './support/run-data.js';

type Group = Record<string, unknown>;

/** One tier per entry of `groups` (tier name = group name), each on hosts "esx", visited by one class each. */
function onHosts(hosts: Group, groups: Record<string, Group>, extra: Record<string, unknown> = {}): Record<string, any> {
  const names = Object.keys(groups);
  return {
    name: 'hosts',
    run: { duration: '3000s', warmup: '100s', seed: 5 },
    sites: { RBX: {} },
    hosts: { esx: { site: 'RBX', ...hosts } },
    traffic: {
      classes: Object.fromEntries(names.map((n) => [n, { share: 1, path: [n] }])),
      phases: [{ phase: 'constant', rate: `${names.length * 10}/s`, duration: '100h' }],
    },
    tiers: Object.fromEntries(
      names.map((n) => [n, { servers: [{ name: n, site: 'RBX', host: 'esx', slots: 16, ...groups[n] }], serviceTime: { dist: 'exponential', mean: '5ms' } }]),
    ),
    ...extra,
  };
}

const hostsOf = (data: unknown): Record<string, number> => {
  const { scenario } = resolveScenarioData(data, 'hosts.json');
  return Object.fromEntries(scenario.tiers.flatMap((t) => t.servers.map((s) => [s.name, s.placement!.host])));
};

describe('anti-affinity', () => {
  // A 6-unit VM fills most of esx-1; three 2-unit database VMs follow.
  const base = (rules?: string[][]): Record<string, any> =>
    onHosts({ count: 3, capacity: 10, ...(rules ? { antiAffinity: rules } : {}) }, { big: { size: 6 }, db: { count: 3, size: 2 } });

  it('keeps the listed VMs on different hosts, where spreading by room alone would pair two of them', () => {
    expect(hostsOf(base())).toEqual({ 'big/big': 0, 'db/db-1': 1, 'db/db-2': 2, 'db/db-3': 1 });
    expect(hostsOf(base([['db/db-1', 'db/db-2', 'db/db-3']]))).toEqual({ 'big/big': 0, 'db/db-1': 1, 'db/db-2': 2, 'db/db-3': 0 });
  });

  it('refuses a rule that cannot hold: more VMs than hosts, or no room apart', () => {
    const tooMany = onHosts({ count: 2, capacity: 10, antiAffinity: [['db/db-1', 'db/db-2', 'db/db-3']] }, { db: { count: 3, size: 2 } });
    expect(problemsOf(tooMany).join('\n')).toMatch(/hosts\.esx\.antiAffinity\[0\]: 3 VMs must run on different hosts but "esx" has 2/);
    const noRoom = onHosts({ count: 3, capacity: 6, antiAffinity: [['db/db-1', 'db/db-2', 'db/db-3']] }, { big: { size: 6 }, db: { count: 3, size: 2 } });
    expect(problemsOf(noRoom).join('\n')).toMatch(/tiers\.db\.servers\[0\]\.host: no host of "esx" has room for db\/db-3 apart from db\/db-1, db\/db-2 \(anti-affinity\)/);
    const unknown = onHosts({ count: 3, antiAffinity: [['db/db-1', 'db/db9']] }, { db: { count: 3, size: 2 } });
    expect(problemsOf(unknown).join('\n')).toMatch(/hosts\.esx\.antiAffinity\[0\]\[1\]: unknown VM on hosts "esx" "db\/db9"/);
  });

  it('VMware HA does not restart a VM next to one it must be kept apart from: it waits for the repair instead', () => {
    // esx-1: db-1; esx-2: db-2; esx-3: a 3-unit filler. When esx-1 fails, only esx-2 has room (2 of 4) for db-1.
    const data = (rules?: string[][]): unknown =>
      onHosts(
        { count: 3, capacity: 4, ha: { restart: { dist: 'constant', value: '60s' } }, ...(rules ? { antiAffinity: rules } : {}) },
        { db: { count: 2, size: 2 }, filler: { size: 3 } },
        { incidents: [{ at: '1000s', for: '500s', host: 'esx-1' }] },
      );
    const down = (d: unknown): number => {
      const r = runReplication(resolveScenarioData(d, 'hosts.json').scenario, 0);
      return r.measuredSeconds - r.tiers[0]!.servers[0]!.runningSeconds;
    };
    expect(hostsOf(data())).toEqual({ 'db/db-1': 0, 'db/db-2': 1, 'filler/filler': 2 });
    expect(down(data())).toBeCloseTo(60, 6); // restarted on esx-2 after the restart time
    // Nowhere to go: HA boots it once its host is back (the 500 s outage, then the 60 s restart).
    expect(down(data([['db/db-1', 'db/db-2']]))).toBeCloseTo(560, 6);
  });
});

describe('Fault Tolerance shadows', () => {
  it('reserve the VM\'s size on another host: what no longer fits is refused', () => {
    const groups = (ft: boolean): Record<string, Group> => ({ proxy: { size: 2, faultTolerant: ft }, app: { size: 3 } });
    expect(problemsOf(onHosts({ count: 2, capacity: 4 }, groups(false)))).toEqual([]);
    // proxy on esx-1, app on esx-2 (the roomier): the shadow would need 2 units on esx-2, which has 1 left.
    expect(problemsOf(onHosts({ count: 2, capacity: 4 }, groups(true))).join('\n')).toMatch(/tiers\.proxy\.servers\[0\]\.faultTolerant: no other host of "esx" has room for the Fault Tolerance shadow of proxy\/proxy \(size 2/);
    const { scenario } = resolveScenarioData(onHosts({ count: 2, capacity: 6 }, groups(true)), 'hosts.json');
    expect(scenario.tiers[0]!.servers[0]!.placement).toMatchObject({ host: 0, shadowHost: 1 });
    expect(problemsOf(onHosts({ count: 1, capacity: 6 }, { proxy: { size: 2, faultTolerant: true } })).join('\n')).toMatch(/no other host of "esx" has room for the Fault Tolerance shadow of proxy\/proxy.*FT needs at least two hosts/);
  });

  it('take over with no downtime, and a new shadow after the repair carries the VM through a second host failure', () => {
    const data = onHosts({ count: 2, capacity: 8 }, { proxy: { size: 2, faultTolerant: true }, plain: { size: 2 } }, {
      incidents: [
        { at: '1000s', for: '300s', host: 'esx-1' },
        { at: '2000s', for: '300s', host: 'esx-2' },
      ],
    });
    const { scenario } = resolveScenarioData(data, 'hosts.json');
    expect(scenario.tiers.map((t) => t.servers[0]!.placement!.host)).toEqual([0, 1]);
    const r = runReplication(scenario, 0);
    expect(r.tiers[0]!.servers[0]!.runningSeconds).toBe(r.measuredSeconds); // never down
    expect(r.classes[0]!.failed).toBe(0);
    expect(r.tiers[1]!.servers[0]!.runningSeconds).toBeCloseTo(r.measuredSeconds - 300, 6); // the plain VM on esx-2, down with it
    const model = buildModel(scenario, 0);
    model.sim.run({ untilSeconds: scenario.run.durationSeconds });
    expect(model.hostClusters[0]!.takeovers).toBe(2);
  });
});

describe('elastic groups on hosts', () => {
  /** An elastic group of 2-unit VMs on two 4-unit hosts: 1 at the start, 5 wanted at 500 s; esx-2 fails at 1500 s for 200 s. */
  const data = onHosts({ count: 2, capacity: 4 }, { web: { size: 2 } }, { incidents: [{ at: '1500s', for: '200s', host: 'esx-2' }] });
  data.tiers.web.autoscaling = { group: 'web', initial: 1, max: 5, provisioning: { dist: 'constant', value: '100s' }, scheduled: [{ at: '500s', desired: 5 }] };

  it('places instances as they start on hosts with room (four fit), and they fail with their host', () => {
    const { scenario } = resolveScenarioData(data, 'hosts.json');
    expect(scenario.tiers[0]!.servers.map((s) => s.placement!.startsOff === true)).toEqual([false, true, true, true, true]);
    const r = runReplication(scenario, 0);
    expect(r.autoscaling[0]!.maxServing).toBe(4);
    const run = r.tiers[0]!.servers.map((s) => s.runningSeconds);
    const serving = r.measuredSeconds - 500; // in service from 600 s; the measure starts at 100 s
    // web-1 (from the start) and web-3 on esx-1; web-2 and web-4 on esx-2, which takes them down for 200 s; web-5 never found room.
    expect(run[0]).toBe(r.measuredSeconds);
    expect(run[1]).toBeCloseTo(serving - 200, 6);
    expect(run[2]).toBeCloseTo(serving, 6);
    expect(run[3]).toBeCloseTo(serving - 200, 6);
    expect(run[4]).toBe(0);
    const model = buildModel(scenario, 0);
    model.sim.run({ untilSeconds: scenario.run.durationSeconds });
    expect(model.autoscalers[0]!.noRoom).toBe(1);
    expect(model.hostClusters[0]!.free).toEqual([0, 0]);
  });
});
