/**
 * A manual Galera bootstrap after the whole cluster is lost (issue #13),
 * exact: the three nodes all die at 10 s and are repaired at 30 s; with
 * `bootstrapAfter` 15 min the cluster has no quorum until 30 s + 900 s, so
 * over a 2,000 s run the availability by time is 1 − 920/2000, against
 * 1 − 20/2000 when it re-forms by itself. Losing two of three nodes (the
 * third keeps running) needs no bootstrap.
 */
import { describe, expect, it } from 'vitest';
import { runData } from './support/run-data.js';

function cluster(incident: Record<string, unknown>, bootstrapAfter?: string): any {
  return {
    name: 'galera-bootstrap',
    run: { duration: '2000s', seed: 1 },
    sites: { A: {} },
    traffic: { classes: { r: { share: 1, path: ['db'] } }, phases: [{ phase: 'constant', rate: '2/s', duration: '2000s' }] },
    tiers: {
      db: {
        servers: [{ name: 'n', count: 3, site: 'A', slots: 100 }],
        serviceTime: { dist: 'constant', value: '1ms' },
        database: { replication: 'galera', ...(bootstrapAfter ? { bootstrapAfter } : {}) },
      },
    },
    incidents: [{ at: '10s', for: '20s', ...incident }],
  };
}

describe('Galera bootstrap after the whole cluster is lost', () => {
  it('keeps the cluster without quorum until bootstrapAfter past the first return', () => {
    const manual = runData(cluster({ tier: 'db' }, '15min'));
    expect(manual.availability.time).toBeCloseTo(1 - 920 / 2000, 9);
    expect(manual.requests.failedBy.quorumLost).toBeGreaterThan(0);
    const automatic = runData(cluster({ tier: 'db' }));
    expect(automatic.availability.time).toBeCloseTo(1 - 20 / 2000, 9);
  });

  it('needs no bootstrap while one node survives', () => {
    const data = cluster({ server: 'db/n-1' }, '15min');
    data.incidents.push({ at: '10s', for: '20s', server: 'db/n-2' });
    const s = runData(data);
    // Two of three down for 20 s: no quorum then, and back at the repair.
    expect(s.availability.time).toBeCloseTo(1 - 20 / 2000, 9);
  });
});
