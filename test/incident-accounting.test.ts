/**
 * Incidents and recovery that add up (issue 10, §5): each failed request is
 * attributed to at most one incident, the recovery time is that of the last
 * mechanism the service needed, lost writes belong to the incident that
 * destroyed the data, and a DRP is not activated for a primary that came
 * back.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import type { Summary } from '../src/run/summary.js';
import { runData as run } from './support/run-data.js';
import { ROOT } from './support/cli.js';

const sumFailed = (s: Summary): number => s.incidents.reduce((a, r) => a + r.requestsFailed, 0);
const byTarget = (s: Summary, target: string) => s.incidents.find((r) => r.target === target)!;

/** app (two servers, one per site) in front of an async MySQL pair, master in SBG. */
function erpPair(o: { appBalancer: 'ip-failover' | 'weighted-round-robin'; promotion: string; move?: string; incidents: unknown[]; duration?: string }): unknown {
  const monitor = { interval: '10s', timeout: '5s', fall: 3, rise: 2 };
  return {
    name: 'erp-pair',
    run: { duration: o.duration ?? '1200s', seed: 7 },
    sites: { SBG: {}, RBX: {} },
    links: [{ between: ['SBG', 'RBX'], latency: '10ms', bandwidth: '1Gbps' }],
    traffic: {
      classes: {
        read: { share: 0.8, path: ['app', 'mysql'] },
        write: { share: 0.2, path: ['app', 'mysql'], write: true },
      },
      phases: [{ phase: 'constant', rate: '20/s', duration: '1h' }],
    },
    tiers: {
      app: {
        balancer: o.appBalancer,
        hold: true,
        ...(o.appBalancer === 'ip-failover'
          ? { ipFailover: { master: 'sbg', monitor, move: o.move } }
          : { healthCheck: { interval: '2s', timeout: '1s', fall: 3, rise: 2 } }),
        servers: [
          { name: 'sbg', site: 'SBG', slots: 32, ...(o.appBalancer === 'ip-failover' ? {} : { weight: 60 }) },
          { name: 'rbx', site: 'RBX', slots: 32, ...(o.appBalancer === 'ip-failover' ? {} : { weight: 40 }) },
        ],
        serviceTime: { dist: 'exponential', mean: '20ms' },
      },
      mysql: {
        servers: [
          { name: 'sbg', site: 'SBG', slots: 32 },
          { name: 'rbx', site: 'RBX', slots: 32 },
        ],
        serviceTime: { dist: 'exponential', mean: '3ms' },
        database: { replication: 'async', master: 'sbg', applyTime: { dist: 'exponential', mean: '1ms' }, failover: { monitor, promotion: o.promotion } },
      },
    },
    incidents: o.incidents,
  };
}

describe('failed requests: each attributed to at most one incident', () => {
  it('two incidents of one event (app server and MySQL master at the same instant) share the failures, not each claim all', () => {
    const s = run(
      erpPair({
        appBalancer: 'weighted-round-robin',
        promotion: '30s',
        incidents: [
          { at: '300s', for: '15min', server: 'app/sbg', description: 'SBG dies (application)' },
          { at: '300s', for: '15min', server: 'mysql/sbg', description: 'SBG dies (MySQL master)' },
        ],
      }),
    );
    expect(s.requests.failed).toBeGreaterThan(20);
    // Closed form: every failure lies between the death and the promotion, inside both windows: the sum is the total.
    expect(sumFailed(s)).toBe(s.requests.failed);
    // The earliest-started open incident (ties: the first listed) takes the failures until its service is back.
    const app = byTarget(s, 'server app/sbg');
    const db = byTarget(s, 'server mysql/sbg');
    expect(app.requestsFailed).toBeGreaterThan(0);
    expect(db.requestsFailed).toBeGreaterThan(0);
  });

  it('overlapping incidents: the earliest-started one still open keeps the failures, the next takes over when it is back', () => {
    const rate = 20;
    const s = run({
      name: 'overlap',
      run: { duration: '400s', seed: 11 },
      sites: { RBX: {} },
      traffic: { classes: { req: { share: 1, path: ['x', 'y'] } }, phases: [{ phase: 'constant', rate: `${rate}/s`, duration: '1h' }] },
      tiers: {
        x: { servers: [{ name: 'x', site: 'RBX', slots: 8 }], serviceTime: { dist: 'constant', value: '1ms' } },
        y: { servers: [{ name: 'y', site: 'RBX', slots: 8 }], serviceTime: { dist: 'constant', value: '1ms' } },
      },
      incidents: [
        { at: '100s', for: '100s', server: 'x/x', description: 'A' },
        { at: '150s', for: '100s', server: 'y/y', description: 'B' },
      ],
    });
    const a = s.incidents.find((r) => r.description === 'A')!;
    const b = s.incidents.find((r) => r.description === 'B')!;
    expect(a.rtoSeconds).toBe(100);
    expect(b.rtoSeconds).toBe(100);
    // Every request fails from 100 s to 250 s: A's window is [100, 200), B's what is left of its own, [200, 250).
    const within = (n: number, mean: number): boolean => Math.abs(n - mean) < 4 * Math.sqrt(mean) + 2;
    expect(within(a.requestsFailed, rate * 100)).toBe(true);
    expect(within(b.requestsFailed, rate * 50)).toBe(true);
    expect(a.requestsFailed + b.requestsFailed).toBe(s.requests.failed);
  });

  it('counting runs until the service is restored, not until the hardware repair (restore from backup after it)', () => {
    const { scenario } = loadScenario(join(ROOT, 'scenarios', 'erp-ha-drp.database-destroyed.json'));
    const rep = runReplication(scenario, 0);
    const total = rep.incidents.reduce((a, r) => a + r.requestsFailed, 0);
    // Every failure of the run falls between the disk failures and the end of the restore.
    expect(rep.failed).toBeGreaterThan(0);
    expect(total).toBe(rep.failed);
    for (const r of rep.incidents) expect(r.serviceRestoredSeconds).toBe(rep.databases[0]!.dataLoss[0]!.restoredSeconds);
  });

  it('the sum never exceeds the failures, whatever the overlap (random failures of servers, hosts and the site)', () => {
    const s = run(
      {
        name: 'overlaps',
        run: { duration: '200h', seed: 3 },
        sites: { RBX: { failures: { mtbf: '50h', mttr: '30min' } } },
        hosts: { esx: { count: 2, site: 'RBX', capacity: 2, failures: { mtbf: '20h', mttr: '1h' }, ha: { restart: { dist: 'constant', value: '3min' } } } },
        traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '0.5/s', duration: '200h' }] },
        tiers: {
          web: {
            servers: [{ name: 'w', count: 2, site: 'RBX', slots: 4, host: 'esx', size: 1, failures: { mtbf: '10h', mttr: '1h' } }],
            serviceTime: { dist: 'exponential', mean: '10ms' },
          },
        },
      },
      1,
    );
    expect(s.incidents.length).toBeGreaterThan(10);
    expect(s.requests.failed).toBeGreaterThan(0);
    expect(sumFailed(s)).toBeLessThanOrEqual(s.requests.failed);
    // No health check: a dead VM fails its share until it is back, so every failure lies within an incident.
    expect(sumFailed(s)).toBe(s.requests.failed);
  });
});

describe('recovery time: when the service is actually back', () => {
  it('a site loss that needs a master failover (+~130 s) and an IP move (+~160 s) is restored at the later one', () => {
    const s = run(erpPair({ appBalancer: 'ip-failover', promotion: '100s', move: '130s', incidents: [{ at: '300s', for: '30min', site: 'SBG' }] }));
    const inc = byTarget(s, 'site SBG');
    const promoted = s.databases.mysql!.failovers![0]!.promotedSeconds!;
    const moved = s.recovery.ipFailovers[0]!.movedSeconds!;
    expect(moved).toBeGreaterThan(promoted);
    // RTO = max of the mechanisms' times − start.
    expect(inc.serviceRestoredSeconds).toBe(Math.max(promoted, moved));
    expect(inc.rtoSeconds).toBeCloseTo(Math.max(promoted, moved) - 300, 6);
    expect(inc.recovery).toMatch(/database failover to mysql\/rbx/);
    expect(inc.recovery).toMatch(/IP moved to app\/rbx/);
  });

  it('a Galera cluster still without quorum is not restored, even once its balancer routes around the dead nodes', () => {
    const s = run({
      name: 'galera-no-quorum',
      run: { duration: '400s', seed: 3 },
      sites: { RBX: {}, GRA: {} },
      traffic: { classes: { write: { share: 1, path: ['db'], write: true } }, phases: [{ phase: 'constant', rate: '50/s', duration: '1h' }] },
      tiers: {
        db: {
          healthCheck: { interval: '2s', timeout: '1s', fall: 3, rise: 2 },
          servers: [
            { name: 'r', count: 2, site: 'RBX', slots: 16 },
            { name: 'g', site: 'GRA', slots: 16 },
          ],
          serviceTime: { dist: 'exponential', mean: '2ms' },
          database: { replication: 'galera' },
        },
      },
      incidents: [{ at: '100s', for: '100s', site: 'RBX' }],
    });
    const inc = byTarget(s, 'site RBX');
    // 1 of 3 votes left: no quorum until the repair.
    expect(inc.detectedSeconds).toBeLessThan(110);
    expect(inc.serviceRestoredSeconds).toBe(200);
    expect(inc.rtoSeconds).toBe(100);
    expect(s.requests.failedBy.quorumLost).toBeGreaterThan(0);
    expect(sumFailed(s)).toBe(s.requests.failed);
  });

  it('a VM that VMware HA restarts after its host repair is restored at its restart', () => {
    const s = run({
      name: 'ha-after-repair',
      run: { duration: '1500s', seed: 3 },
      sites: { RBX: {} },
      // One VM per host, each host full: the VM of a failed host fits nowhere until its host is back.
      hosts: { esx: { count: 2, site: 'RBX', capacity: 1, ha: { restart: { dist: 'constant', value: '3min' } } } },
      traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '5/s', duration: '1h' }] },
      tiers: { web: { servers: [{ name: 'w', count: 2, site: 'RBX', slots: 4, host: 'esx', size: 1 }], serviceTime: { dist: 'exponential', mean: '10ms' } } },
      incidents: [{ at: '100s', for: '10min', host: 'esx-1' }],
    });
    const inc = byTarget(s, 'host esx-1');
    expect(inc.repairedSeconds).toBe(700);
    expect(inc.serviceRestoredSeconds).toBe(700 + 180);
    expect(inc.rtoSeconds).toBe(780);
    expect(sumFailed(s)).toBe(s.requests.failed);
    // Closed form: with no health check the dead VM keeps its half of 5/s for the whole RTO.
    const expected = 0.5 * 5 * 780;
    expect(Math.abs(inc.requestsFailed - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });
});

describe('writes lost', () => {
  it('belong to the incident that destroyed the data, not to another starting at the same instant', () => {
    const { scenario } = loadScenario(join(ROOT, 'scenarios', 'erp-ha-drp.database-destroyed.json'));
    const rep = runReplication(scenario, 0);
    const loss = rep.databases[0]!.dataLoss[0]!;
    const sbg = rep.incidents.find((r) => r.target === 'server mysql/sbg')!;
    const rbx = rep.incidents.find((r) => r.target === 'server mysql/rbx')!;
    expect(sbg.writesLost).toBe(loss.writesLost);
    expect(sbg.rpoSeconds).toBe(loss.rpoSeconds);
    expect(rbx.writesLost).toBeNull();
    expect(rbx.rpoSeconds).toBeNull();
  });
});

describe('DRP', () => {
  it('is not activated when the primary comes back first (an HA restart), and does not take traffic', () => {
    const data = {
      name: 'drp-ha',
      run: { duration: '3h', seed: 3 },
      sites: { RBX: {}, SBG: {} },
      hosts: { esx: { count: 2, site: 'RBX', capacity: 2, ha: { restart: { dist: 'constant', value: '2min' } } } },
      traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '40/s', duration: '3h' }] },
      tiers: {
        web: {
          servers: [
            { name: 'p', site: 'RBX', slots: 16, host: 'esx', size: 1 },
            // The DRP: a small copy, 2 slots and no queue.
            { name: 'd', site: 'SBG', slots: 2, queueLimit: 0 },
          ],
          serviceTime: { dist: 'exponential', mean: '50ms' },
          drp: { servers: ['d'], monitor: { interval: '10s', timeout: '5s', fall: 3, rise: 2 }, switchOver: '10min' },
        },
      },
      incidents: [{ at: '600s', for: '2h', host: 'esx-1' }],
    };
    const s = run(data);
    const d = s.recovery.drp[0]!;
    expect(d.activatedSeconds).toBeNull();
    expect(d.cancelledSeconds).toBeGreaterThan(600 + 120);
    expect(d.cancelledSeconds).toBeLessThan(d.detectedSeconds + 600);
    expect(s.tiers.web!.servers['web/d']!.served).toBe(0);
    // Failures only while p was down (2 min of 40/s, ± a few), none refused by the DRP afterwards.
    expect(s.requests.failedBy.rejected).toBe(0);
    expect(s.requests.failed).toBeLessThan(40 * 120 + 4 * Math.sqrt(40 * 120) + 20);
    const inc = byTarget(s, 'host esx-1');
    expect(inc.serviceRestoredSeconds).toBe(720);
  });
});
