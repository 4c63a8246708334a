/**
 * Backups that take time, can fail, and a corruption noticed later
 * (issue #13), against hand-computed restore points and, for failing jobs,
 * the geometric law of the last good copy.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { problemsOf, runData } from './support/run-data.js';

const H = 3600;
const WRITES = 2; // per second

function db(opts: { schedules: unknown[]; incidents: unknown[]; duration?: number; rate?: number }): any {
  const duration = opts.duration ?? 10 * H;
  const rate = opts.rate ?? WRITES;
  return {
    name: 'backups',
    run: { duration: `${duration}s`, seed: 3 },
    sites: { A: {} },
    traffic: { classes: { w: { share: 1, path: ['db'], write: true } }, phases: [{ phase: 'constant', rate: `${rate}/s`, duration: `${duration}s` }] },
    tiers: {
      db: {
        servers: [{ name: 'm', site: 'A', slots: 100 }],
        serviceTime: { dist: 'constant', value: '1ms' },
        database: { replication: 'async', master: 'm', applyTime: { dist: 'constant', value: '0.1ms' } },
        backups: { schedules: opts.schedules, dataSize: '1GB', restoreThroughput: '1Gbps' },
      },
    },
    incidents: opts.incidents,
  };
}

const hourly = (extra: Record<string, unknown> = {}) => ({ kind: 'incremental', every: '1h', ...extra });
/** Corrupted at 5 h 05 min, noticed 2 h later (7 h 05 min). */
const corruption = { kind: 'corruption', at: `${5 * H + 300}s`, noticedAfter: '2h', tier: 'db', description: 'virus' };

describe('a corruption noticed later', () => {
  it('restores the last good copy before the corruption: RPO from the corruption, writes lost up to the notice', () => {
    // Hourly copies of 10 min: the 5 h copy (data as of 5 h, done 5 h 10) is good; 6 h and 7 h hold bad data.
    const s = runData(db({ schedules: [hourly({ duration: '10min' })], incidents: [corruption] }));
    const [r] = s.databases.db!.dataLoss;
    expect(r!.atSeconds).toBe(5 * H + 300);
    expect(r!.lastBackupSeconds).toBe(5 * H);
    expect(r!.rpoSeconds).toBe(300);
    expect(r!.lostSpanSeconds).toBe(7 * H + 300 - 5 * H);
    expect(r!.detectedSeconds).toBe(7 * H + 300);
    expect(r!.restorePointsAvailable).toBe(6); // 0 h … 5 h
    // 1 GB at 1 Gbps: 8 s; the outage starts at the notice.
    expect(r!.restoreSeconds).toBeCloseTo(8, 9);
    expect(r!.rtoSeconds).toBeCloseTo(8, 9);
    // Every write from the copy's start to the notice is rolled back: Poisson(2/s × 7500 s).
    const mean = WRITES * r!.lostSpanSeconds!;
    expect(Math.abs(r!.writesLost - mean)).toBeLessThan(4 * Math.sqrt(mean) + 5);
    // The database serves until the notice, then refuses for the restore: 2/s × 8 s.
    expect(s.requests.failed).toBeLessThan(WRITES * 8 + 4 * Math.sqrt(WRITES * 8) + 2);
  });

  it('finds nothing when the retention deleted every copy before the corruption (the University\'s virus)', () => {
    // Daily copies kept 2 days; corrupted at 1 d 12 h, noticed 3 days later: the 0 d and 1 d copies are gone.
    const data = db({
      schedules: [{ kind: 'full', every: '1d', keep: '2d' }],
      incidents: [{ ...corruption, at: `${36 * H}s`, noticedAfter: '3d' }],
      duration: 5 * 24 * H,
      rate: 0.01,
    });
    const [r] = runData(data).databases.db!.dataLoss;
    expect(r!.lastBackupSeconds).toBeNull();
    expect(r!.restorePointsAvailable).toBe(0);
    expect(r!.rpoSeconds).toBe(36 * H);
  });

  it('is refused on a tier without backups, or without naming a tier', () => {
    const data = db({ schedules: [hourly()], incidents: [{ ...corruption, tier: undefined, server: 'db/m' }] });
    expect(problemsOf(data).join('\n')).toMatch(/incidents\[0\].*names the database tier/);
    delete data.tiers.db.backups;
    data.incidents = [corruption];
    expect(problemsOf(data).join('\n')).toMatch(/incidents\[0\]\.tier.*no "backups"/);
  });
});

describe('copies that take time', () => {
  it('a copy in progress when the data is destroyed is not a restore point', () => {
    const destroyed = [{ at: `${5 * H + 300}s`, server: 'db/m', destroysData: true }];
    const instant = runData(db({ schedules: [hourly()], incidents: destroyed })).databases.db!.dataLoss[0]!;
    expect(instant.rpoSeconds).toBe(300);
    // 10-minute copies: the 5 h copy ends at 5 h 10, after the incident; the 4 h one is restored.
    const slow = runData(db({ schedules: [hourly({ duration: '10min' })], incidents: destroyed })).databases.db!.dataLoss[0]!;
    expect(slow.lastBackupSeconds).toBe(4 * H);
    expect(slow.rpoSeconds).toBe(H + 300);
    // size ÷ backupThroughput: 1 GB at 10 Mbps = 800 s, longer than the 300 s since 5 h: the same.
    const bySize = db({ schedules: [hourly()], incidents: destroyed });
    bySize.tiers.db.backups.backupThroughput = '10Mbps';
    expect(runData(bySize).databases.db!.dataLoss[0]!.rpoSeconds).toBe(H + 300);
  });

  it('refuses a copy that takes longer than its period', () => {
    expect(problemsOf(db({ schedules: [hourly({ duration: '2h' })], incidents: [] })).join('\n')).toMatch(/schedules\[0\]\.duration/);
  });
});

describe('backup jobs that fail', () => {
  it('a failed full breaks the chain of incrementals after it: no restore point', () => {
    const data = db({
      schedules: [
        { kind: 'full', every: '1d', failureProbability: 1 },
        { kind: 'incremental', every: '1h', offset: '1h' },
      ],
      incidents: [{ at: `${5 * H + 300}s`, server: 'db/m', destroysData: true }],
    });
    const [r] = runData(data).databases.db!.dataLoss;
    expect(r!.lastBackupSeconds).toBeNull();
    expect(r!.rpoSeconds).toBe(5 * H + 300);
  });

  it('with probability p per job, the mean RPO is a + every·p/(1−p) (geometric, truncated at the first copy)', () => {
    const p = 0.5;
    const at = 10 * H + 1800; // 30 min after the 10 h copy; copies at 0 … 10 h
    const data = db({ schedules: [hourly({ failureProbability: p })], incidents: [{ at: `${at}s`, server: 'db/m', destroysData: true }], duration: 11 * H, rate: 0.02 });
    const { scenario } = resolveScenarioData(data, 'test.json');
    const n = 200;
    const rpos = Array.from({ length: n }, (_, i) => runReplication(scenario, i).databases[0]!.dataLoss[0]!.rpoSeconds);
    // Exact: the k-th copy back is the last good one with probability (1−p)·p^k; none of the 11: RPO = at.
    let expected = p ** 11 * at;
    for (let k = 0; k <= 10; k++) expected += (1800 + k * H) * (1 - p) * p ** k;
    const mean = rpos.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(rpos.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - expected)).toBeLessThan((4 * sd) / Math.sqrt(n));
    // Every RPO is 30 min plus whole hours.
    expect(rpos.every((r) => (r - 1800) % H === 0)).toBe(true);
  });
});
