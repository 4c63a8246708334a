/**
 * Galera quorum by weight (pc.weight, `nodeWeights`), hand-computed: the
 * primary component needs strictly more than half of all the votes. Nodes
 * a (2 votes), b (1), c (1): 4 votes, quorum above 2. Losing a leaves 2: no
 * quorum; losing b leaves 3: quorum. With an arbitrator of weight 1 (5
 * votes), losing a leaves 3 of 5: quorum again.
 *
 * Availability by time is exact here (the meter integrates the state): the
 * node dies at 10 s of a 100 s run, so it is 0.1 + 0.9 × (the share still
 * served), where a dead node not yet taken out by the balancer keeps its
 * round-robin share (1/3) and fails it.
 */
import { describe, expect, it } from 'vitest';
import { problemsOf, runData } from './support/run-data.js';

function cluster(kill: string, extra: Record<string, unknown> = {}): any {
  return {
    name: 'galera-weights',
    run: { duration: '100s', seed: 1 },
    sites: { A: {} },
    traffic: { classes: { r: { share: 1, path: ['db'] } }, phases: [{ phase: 'constant', rate: '5/s', duration: '100s' }] },
    tiers: {
      db: {
        servers: [
          { name: 'a', site: 'A', slots: 100 },
          { name: 'b', site: 'A', slots: 100 },
          { name: 'c', site: 'A', slots: 100 },
        ],
        serviceTime: { dist: 'constant', value: '1ms' },
        database: { replication: 'galera', nodeWeights: { a: 2 }, ...extra },
      },
    },
    incidents: [{ at: '10s', server: `db/${kill}` }],
  };
}

describe('Galera quorum by node weight', () => {
  it('losing the 2-vote node of 4 votes loses quorum; losing a 1-vote node does not', () => {
    const a = runData(cluster('a'));
    expect(a.availability.time).toBeCloseTo(0.1, 9);
    expect(a.requests.failedBy.quorumLost).toBeGreaterThan(0);
    const b = runData(cluster('b'));
    expect(b.availability.time).toBeCloseTo(0.1 + 0.9 * (2 / 3), 9);
    expect(b.requests.failedBy.quorumLost).toBe(0);
  });

  it('an arbitrator of weight 1 makes 3 of 5 votes survive the 2-vote node', () => {
    const s = runData(cluster('a', { arbitrators: [{ name: 'garb', site: 'A' }] }));
    expect(s.availability.time).toBeCloseTo(0.1 + 0.9 * (2 / 3), 9);
    expect(s.requests.failedBy.quorumLost).toBe(0);
  });

  it('without weights every node has one vote: losing a keeps 2 of 3', () => {
    const data = cluster('a');
    delete data.tiers.db.database.nodeWeights;
    expect(runData(data).requests.failedBy.quorumLost).toBe(0);
  });

  it('names an unknown server in nodeWeights', () => {
    const data = cluster('a', { nodeWeights: { d: 2 } });
    expect(problemsOf(data).join('\n')).toMatch(/nodeWeights.*d/);
  });
});
