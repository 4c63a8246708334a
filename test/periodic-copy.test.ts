/**
 * Periodic copies (rsync every 15 minutes, each taking 1 minute) as the
 * replication of an async database, against their closed form: a write at
 * t reaches the slave at the end of the first copy starting at or after t,
 * so its delay is uniform on [d, P + d] (P = 900 s, d = 60 s) for writes at
 * random times: mean P/2 + d, max P + d. At a master failure at F the
 * slave has the data as of the start of the last copy done by F: the lost
 * interval (the failover's RPO) has the same law, mean P/2 + d and never
 * above P + d.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { problemsOf, runData } from './support/run-data.js';

const P = 900;
const D = 60;

function periodic(opts: { rate: number; duration: number; failures?: unknown; seed?: number }): any {
  return {
    name: 'periodic',
    run: { duration: `${opts.duration}s`, seed: opts.seed ?? 2 },
    sites: { A: {} },
    traffic: { classes: { w: { share: 1, path: ['db'], write: true } }, phases: [{ phase: 'constant', rate: `${opts.rate}/s`, duration: `${opts.duration}s` }] },
    tiers: {
      db: {
        servers: [
          { name: 'm', site: 'A', slots: 100, ...(opts.failures ? { failures: opts.failures } : {}) },
          { name: 's', site: 'A', slots: 100 },
        ],
        serviceTime: { dist: 'constant', value: '1ms' },
        database: {
          replication: 'async',
          master: 'm',
          applyTime: { dist: 'constant', value: '0s' },
          periodicCopy: { every: `${P}s`, duration: `${D}s` },
          ...(opts.failures ? { failover: { monitor: { interval: '1s', timeout: '0.5s', fall: 2, rise: 2 }, promotion: '1s' } } : {}),
        },
      },
    },
  };
}

describe('periodic copies', () => {
  it('delay every write by U[d, P + d]: mean P/2 + d, max P + d', () => {
    // 100 periods of Poisson writes at 2/s: the mean delay's standard error is about P/√12/√(2·90000) ≈ 0.6 s.
    const s = runData(periodic({ rate: 2, duration: 100 * P }));
    const lag = s.databases.db!.slaves['db/s']!.lagMs;
    expect(Math.abs(lag.mean! / 1000 - (P / 2 + D))).toBeLessThan(4 * (P / Math.sqrt(12) / Math.sqrt(2 * 100 * P)) + 1);
    expect(lag.max! / 1000).toBeLessThanOrEqual((P + D) * 1.01); // the histogram's bucket resolution
    expect(lag.max! / 1000).toBeGreaterThan(P * 0.95 + D);
  });

  it('lose at a master failure the writes since the last completed copy: mean P/2 + d (CI), max P + d', () => {
    // The master fails at random (exponential, mean 3 h): the failure's phase within the period is about uniform.
    const data = periodic({ rate: 1, duration: 4 * 3600, failures: { mtbf: '3h', mttr: '10min' } });
    const { scenario } = resolveScenarioData(data, 'test.json');
    const rpos: number[] = [];
    for (let i = 0; i < 160; i++) {
      for (const f of runReplication(scenario, i).databases[0]!.failovers) {
        // After the first copy is done (before it, everything since the start is lost).
        if (f.oldMaster === 'db/m' && f.failedAtSeconds > P + D) rpos.push(f.rpoSeconds);
      }
    }
    expect(rpos.length).toBeGreaterThan(60);
    const n = rpos.length;
    const mean = rpos.reduce((a, b) => a + b, 0) / n;
    // U[d, P + d]: sd P/√12; the oldest lost write is on average 1/λ = 1 s after the copy's start.
    const expected = P / 2 + D - 1;
    expect(Math.abs(mean - expected)).toBeLessThan((4 * P) / Math.sqrt(12) / Math.sqrt(n));
    expect(Math.max(...rpos)).toBeLessThanOrEqual(P + D);
    expect(Math.min(...rpos)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a copy that takes longer than its period', () => {
    const data = periodic({ rate: 1, duration: 100 });
    data.tiers.db.database.periodicCopy = { every: '1min', duration: '2min' };
    expect(problemsOf(data).join('\n')).toMatch(/periodicCopy\.duration/);
  });
});
