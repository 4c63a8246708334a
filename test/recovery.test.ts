/**
 * IP failover, backups (data loss) and DRP sites against exact or
 * closed-form expectations.
 */
import { describe, expect, it } from 'vitest';
import { problemsOf, runData as run } from './support/run-data.js';

const problems = (data: unknown): string => problemsOf(data).join('\n');

/** Two servers behind a failover IP (the industrial company's master/slave, book #03). */
function ipPair(opts: { rate: number; dieAt: string; move: string; repairAfter?: string }): any {
  return {
    name: 'ip-failover',
    run: { duration: '300s', seed: 3 },
    sites: { RBX: {} },
    traffic: { classes: { req: { share: 1, path: ['app'] } }, phases: [{ phase: 'constant', rate: `${opts.rate}/s`, duration: '300s' }] },
    tiers: {
      app: {
        balancer: 'ip-failover',
        ipFailover: { master: 'master', monitor: { interval: '2s', timeout: '1s', fall: 3, rise: 2 }, move: opts.move },
        servers: [
          { name: 'master', site: 'RBX', slots: 100 },
          { name: 'slave', site: 'RBX', slots: 100 },
        ],
        serviceTime: { dist: 'constant', value: '10ms' },
      },
    },
    incidents: [{ at: opts.dieAt, server: 'app/master', ...(opts.repairAfter ? { for: opts.repairAfter } : {}) }],
  };
}

describe('IP failover', () => {
  it('fails requests for detection + move after the death, and none after', () => {
    const rate = 100;
    const s = run(ipPair({ rate, dieAt: '100s', move: '20s', repairAfter: '60s' }));
    const [m] = s.recovery.ipFailovers;
    expect(m).toBeDefined();
    // Probes every 2 s, timeout 1 s, fall 3: detected 5 to 7 s after the death; the IP answers 20 s later.
    const detection = m!.detectedSeconds - m!.failedAtSeconds;
    expect(detection).toBeGreaterThanOrEqual(5);
    expect(detection).toBeLessThanOrEqual(7);
    expect(m!.movedSeconds).toBeCloseTo(m!.detectedSeconds + 20, 9);
    expect(m!.to).toBe('app/slave');
    // Every request in the window fails (refused by the dead holder), plus the ≤ 1 in service at the death.
    const expected = rate * (m!.movedSeconds! - m!.failedAtSeconds);
    expect(s.requests.failed).toBeGreaterThan(expected - 4 * Math.sqrt(expected));
    expect(s.requests.failed).toBeLessThan(expected + 4 * Math.sqrt(expected) + 2);
    // After the move the slave serves everything, and the IP stays there when the master is repaired.
    const after = rate * (300 - m!.movedSeconds!);
    expect(s.tiers.app!.servers['app/slave']!.served).toBeGreaterThan(after - 4 * Math.sqrt(after));
    expect(s.tiers.app!.servers['app/slave']!.served).toBeLessThan(after + 4 * Math.sqrt(after));
    expect(s.recovery.ipFailovers).toHaveLength(1);
  });

  it('sends nothing to the standby while the master is alive', () => {
    const s = run(ipPair({ rate: 50, dieAt: '1000s', move: '5s' }));
    expect(s.tiers.app!.servers['app/slave']!.served).toBe(0);
    expect(s.requests.failed).toBe(0);
    expect(s.recovery.ipFailovers).toEqual([]);
  });

  it('reports a missing or misplaced ipFailover section', () => {
    const missing = ipPair({ rate: 1, dieAt: '1s', move: '1s' });
    delete missing.tiers.app.ipFailover;
    expect(problems(missing)).toMatch(/tiers\.app\.balancer.*needs an "ipFailover" section/s);
    const misplaced = ipPair({ rate: 1, dieAt: '1s', move: '1s' });
    misplaced.tiers.app.balancer = 'round-robin';
    expect(problems(misplaced)).toMatch(/tiers\.app\.ipFailover.*needs "balancer": "ip-failover"/s);
    const badMaster = ipPair({ rate: 1, dieAt: '1s', move: '1s' });
    badMaster.tiers.app.ipFailover.master = 'mastr';
    expect(problems(badMaster)).toMatch(/tiers\.app\.ipFailover\.master.*did you mean "master"/s);
  });
});

/** A single MySQL with backups; writes at `rate`/s; an incident destroys its data at `at`. */
function backedUp(opts: { rate: number; at: string; schedules: unknown[]; replay?: string; duration?: string }): any {
  const duration = opts.duration ?? '4h';
  return {
    name: 'backups',
    run: { duration, seed: 5 },
    sites: { RBX: {} },
    traffic: { classes: { w: { share: 1, path: ['db'], write: true } }, phases: [{ phase: 'constant', rate: `${opts.rate}/s`, duration }] },
    tiers: {
      db: {
        servers: [
          { name: 'm', site: 'RBX', slots: 100 },
          { name: 's', site: 'RBX', slots: 100 },
        ],
        serviceTime: { dist: 'constant', value: '1ms' },
        database: { replication: 'async', master: 'm', applyTime: { dist: 'constant', value: '0.1ms' } },
        backups: {
          schedules: opts.schedules,
          dataSize: '10GB',
          restoreThroughput: '100Mbps',
          detection: '10min',
          ...(opts.replay ? { replayPerIncremental: opts.replay } : {}),
        },
      },
    },
    incidents: [{ at: opts.at, server: 'db/m', for: '5min', destroysData: true, description: 'both disks' }],
  };
}

describe('backups and data loss', () => {
  it('with hourly copies, a destroy-data incident at t loses t mod 1h and is restored after detection + size/throughput', () => {
    for (const at of ['2h17min', '2h59min', '3h0min30s', '1h0min0.5s']) {
      const s = run(backedUp({ rate: 20, at, schedules: [{ kind: 'incremental', every: '1h' }] }));
      const [d] = s.databases.db!.dataLoss;
      const t = d!.atSeconds;
      expect(d!.rpoSeconds).toBeCloseTo(t % 3600, 9);
      expect(d!.lastBackupSeconds).toBe(Math.floor(t / 3600) * 3600);
      // 10 GB at 100 Mbps = 800 s, detection 10 min; no full schedule: nothing to replay.
      expect(d!.restoreSeconds).toBeCloseTo(800, 9);
      expect(d!.replaySeconds).toBe(0);
      expect(d!.rtoSeconds).toBeCloseTo(600 + 800, 9);
      // Writes lost: the commits since the last copy, Poisson at 20/s.
      const expected = 20 * d!.rpoSeconds;
      expect(Math.abs(d!.writesLost - expected)).toBeLessThan(4 * Math.sqrt(expected) + 1);
    }
  });

  it('keeps the database down until the restore ends', () => {
    const rate = 20;
    const s = run(backedUp({ rate, at: '2h30min', schedules: [{ kind: 'incremental', every: '1h' }] }));
    const d = s.databases.db!.dataLoss[0]!;
    const down = d.restoredSeconds - d.atSeconds;
    const expected = rate * down;
    expect(s.requests.failed).toBeGreaterThan(expected - 4 * Math.sqrt(expected));
    expect(s.requests.failed).toBeLessThan(expected + 4 * Math.sqrt(expected) + 2);
  });

  it('replays the incrementals taken since the last full copy, and counts the copies within retention', () => {
    // Full every 24 h (kept 7 d), incremental every hour (kept 6 h); incident at 5h40min:
    // last full at 0, 5 incrementals after it (1h…5h), 2 minutes each.
    const s = run(
      backedUp({
        rate: 5,
        at: '5h40min',
        duration: '8h',
        replay: '2min',
        schedules: [
          { kind: 'full', every: '24h', keep: '7d' },
          { kind: 'incremental', every: '1h', keep: '6h' },
        ],
      }),
    );
    const d = s.databases.db!.dataLoss[0]!;
    expect(d.lastBackupSeconds).toBe(5 * 3600);
    expect(d.lastBackupKind).toBe('incremental');
    expect(d.replaySeconds).toBeCloseTo(5 * 120, 9);
    expect(d.rtoSeconds).toBeCloseTo(600 + 800 + 600, 9);
    // Kept at 5h40: the full at 0, incrementals younger than 6 h taken at 0…5 h (6 of them).
    expect(d.restorePointsAvailable).toBe(1 + 6);
  });

  it('reports bad backup sections with their JSON paths', () => {
    const noDb = backedUp({ rate: 1, at: '1h', schedules: [{ kind: 'full', every: '1h' }] });
    delete noDb.tiers.db.database;
    noDb.traffic.classes.w.write = false;
    expect(problems(noDb)).toMatch(/tiers\.db\.backups.*backups are of a database/s);
    const zero = backedUp({ rate: 1, at: '1h', schedules: [{ kind: 'full', every: '0s' }] });
    expect(problems(zero)).toMatch(/tiers\.db\.backups\.schedules\[0\]\.every.*longer than zero/s);
    const badKind = backedUp({ rate: 1, at: '1h', schedules: [{ kind: 'differential', every: '1h' }] });
    expect(problems(badKind)).toMatch(/schedules\[0\]\.kind/);
  });
});

/** A primary pair in RBX and a smaller, sleeping DRP server in SBG (Keyzee, NextRadioTV). */
function drp(opts: { rate: number; switchOver: string }): any {
  return {
    name: 'drp',
    run: { duration: '600s', seed: 9 },
    sites: { RBX: {}, SBG: {} },
    traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: `${opts.rate}/s`, duration: '600s' }] },
    tiers: {
      web: {
        healthCheck: { interval: '2s', timeout: '1s', fall: 3, rise: 2 },
        servers: [
          { name: 'rbx', count: 2, site: 'RBX', slots: 10, queueLimit: 20 },
          { name: 'sbg', site: 'SBG', slots: 2, queueLimit: 20 },
        ],
        serviceTime: { dist: 'exponential', mean: '50ms' },
        drp: { servers: ['sbg'], monitor: { interval: '10s', timeout: '5s', fall: 3, rise: 2 }, switchOver: opts.switchOver },
      },
    },
    incidents: [{ at: '100s', site: 'RBX', description: 'RBX loses power' }],
  };
}

describe('DRP site', () => {
  it('sleeps while the primary runs, wakes at detection + switch-over, then serves with its own capacity', () => {
    const rate = 60; // offered 3 erlangs: more than the DRP's 2 slots can take
    const s = run(drp({ rate, switchOver: '120s' }));
    const [a] = s.recovery.drp;
    expect(a).toBeDefined();
    expect(a!.failedAtSeconds).toBe(100);
    const detection = a!.detectedSeconds - a!.failedAtSeconds;
    expect(detection).toBeGreaterThanOrEqual(25);
    expect(detection).toBeLessThanOrEqual(35);
    expect(a!.activatedSeconds).toBeCloseTo(a!.detectedSeconds + 120, 9);
    const sbg = s.tiers.web!.servers['web/sbg']!;
    // Degraded mode: 2 slots of 50 ms serve at most 40/s of the 60/s offered; the rest is rejected.
    const active = 600 - a!.activatedSeconds!;
    expect(sbg.served).toBeLessThan(40 * active * 1.03);
    expect(sbg.served).toBeGreaterThan(40 * active * 0.9);
    expect(s.requests.failedBy.rejected).toBeGreaterThan(0);
    // Nothing reached it before activation: every request from 100 s to activation failed.
    const before = rate * (a!.activatedSeconds! - 100);
    expect(s.requests.failed - s.requests.failedBy.rejected).toBeGreaterThan(before - 4 * Math.sqrt(before));
  });

  it('reports a DRP that names every server, or an unknown one', () => {
    const all = drp({ rate: 1, switchOver: '1s' });
    all.tiers.web.drp.servers = ['rbx-1', 'rbx-2', 'sbg'];
    expect(problems(all)).toMatch(/tiers\.web\.drp\.servers.*none would be primary/s);
    const unknown = drp({ rate: 1, switchOver: '1s' });
    unknown.tiers.web.drp.servers = ['sgb'];
    expect(problems(unknown)).toMatch(/tiers\.web\.drp\.servers\[0\].*did you mean "sbg"/s);
  });
});
