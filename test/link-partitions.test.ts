/**
 * Link partitions and lossy links: requests that must cross a cut link fail
 * with "unreachable" (only while it is cut), the binlog stream stalls and
 * catches up (lag ≈ the partition's length, unreceived writes = RPO), a
 * Galera cluster split 2+1 keeps only its majority side, and TCP
 * retransmissions turn loss into the closed-form extra delay.
 */
import { describe, expect, it } from 'vitest';
import { Constant } from '../src/rng/distributions.js';
import { RandomStream } from '../src/rng/stream.js';
import { Link, LinkTable } from '../src/model/network/link.js';
import { ReplicationChannel } from '../src/model/data/replication.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { ScenarioError, formatProblem } from '../src/scenario/scenario-error.js';
import { deterministicPart } from '../src/run/summary.js';
import { runData as run } from './support/run-data.js';

/** Tier a in SBG, tier b in RBX, the vRack between them; optional incidents and link options. */
function twoSites(extra: { incidents?: unknown[]; link?: Record<string, unknown>; rate?: string; duration?: string }): any {
  return {
    name: 'two-sites',
    run: { duration: extra.duration ?? '300s', seed: 7 },
    sites: { SBG: {}, RBX: {} },
    links: [{ between: ['SBG', 'RBX'], latency: '10ms', ...(extra.link ?? {}) }],
    traffic: { classes: { req: { share: 1, path: ['a', 'b'] } }, phases: [{ phase: 'constant', rate: extra.rate ?? '100/s', duration: '1h' }] },
    tiers: {
      a: { servers: [{ name: 'a', site: 'SBG', slots: 64 }], serviceTime: { dist: 'constant', value: '1ms' } },
      b: { servers: [{ name: 'b', site: 'RBX', slots: 64 }], serviceTime: { dist: 'constant', value: '1ms' } },
    },
    ...(extra.incidents ? { incidents: extra.incidents } : {}),
  };
}

describe('link partitions', () => {
  it('requests that must cross a partitioned link fail with "unreachable", and only while it is cut', () => {
    const cut = run(twoSites({ incidents: [{ at: '100s', for: '60s', link: ['RBX', 'SBG'] }] }));
    // Requests reaching the link in [100 s, 160 s): Poisson with mean 100/s × 60 s = 6,000, ±4σ ≈ ±310.
    expect(Math.abs(cut.requests.failedBy.unreachable - 6000)).toBeLessThan(310);
    // Nothing else fails: before and after the partition every request crosses.
    expect(cut.requests.failed).toBe(cut.requests.failedBy.unreachable);
    expect(cut.incidents[0]!.description).toBe('link RBX–SBG partitioned');
    expect(cut.incidents[0]!.repairedSeconds).toBe(160);
    const intact = run(twoSites({}));
    expect(intact.requests.failed).toBe(0);
    // A failed request hung for the connect timeout (5 s) holding nothing; successes keep the link's 10 ms + 2 ms of service.
    expect(cut.latencyMs.mean).toBeCloseTo(12, 3);
  });

  it('a request whose response must come back over a link cut meanwhile fails too (nested call)', () => {
    // Tier a holds its slot while b works (1 s); the link is cut for 20 s from 100 s.
    const data = twoSites({ incidents: [{ at: '100s', for: '20s', link: ['SBG', 'RBX'] }], rate: '10/s' });
    data.tiers.a.hold = true;
    data.tiers.b.serviceTime = { dist: 'constant', value: '1s' };
    const s = run(data);
    // Requests crossing in [99 s, 120 s) fail: those that crossed in the second before the cut cannot return.
    expect(Math.abs(s.requests.failedBy.unreachable - 210)).toBeLessThan(4 * Math.sqrt(210));
    expect(s.requests.failed).toBe(s.requests.failedBy.unreachable);
  });

  it('an incident naming an undeclared link is a clear scenario error', () => {
    const data = twoSites({ incidents: [{ at: '1s', link: ['SBG', 'GRA'] }] });
    data.sites.GRA = {};
    let messages: string[] = [];
    try {
      resolveScenarioData(data, 'x.json');
    } catch (e) {
      if (e instanceof ScenarioError) messages = e.problems.map(formatProblem);
    }
    expect(messages.join('\n')).toMatch(/incidents\[0\]\.link: no link is declared between SBG and GRA \(declared: \[SBG, RBX\]\)/);
  });

  it('stalls the binlog stream: lag after a partition of length P reaches P, unreceived writes are those committed meanwhile', () => {
    const link = new Link(0, 1, new Constant(0.01), Infinity);
    const table = new LinkTable(2, [link]);
    const ch = new ReplicationChannel(0, link, new Constant(0.001), 1000, new RandomStream('apply'));
    // Writes every 100 ms from 0 to 100 s; the link is cut from 40 s to 70 s (P = 30 s).
    let t = 0;
    for (let k = 0; k < 1000; k++, t = k * 0.1) {
      if (Math.abs(t - 40) < 1e-9) table.partition(link, true, t);
      if (Math.abs(t - 70) < 1e-9) {
        // Just before the heal: every write committed since 40 s (300 of them) is lost if the master dies now.
        expect(ch.notReceivedAt(69.99)).toBe(300);
        expect(ch.heldWrites).toBe(300);
        table.partition(link, false, t);
        expect(ch.heldWrites).toBe(0);
      }
      ch.commit(t);
      if (Math.abs(t - 70) < 1e-9) {
        // Right after the heal the held writes and the new one are on the wire (10 ms), then all received.
        expect(ch.notReceivedAt(70.005)).toBe(301);
        expect(ch.notReceivedAt(70.02)).toBe(0);
      }
    }
    // The first write held (committed at 40 s) is applied at 70 s + 10 ms + 1 ms: lag P + 11 ms.
    expect(ch.delayMs.max).toBeCloseTo(30_011, 0);
    expect(ch.writes).toBe(1000);
  });

  it('a dead or replaced master sends nothing at the heal: its held writes stay lost', () => {
    for (const how of ['dead', 'retired'] as const) {
      const link = new Link(0, 1, new Constant(0.01), Infinity);
      const table = new LinkTable(2, [link]);
      const master = { alive: true };
      const ch = new ReplicationChannel(0, link, new Constant(0.001), 1000, new RandomStream('apply'));
      ch.source = master;
      table.partition(link, true, 10);
      for (let k = 0; k < 50; k++) ch.commit(10 + k * 0.1);
      // The master dies at 20 s; a failover may retire the channel; the link heals at 30 s.
      master.alive = false;
      if (how === 'retired') ch.retire();
      table.partition(link, false, 30);
      // Nothing was sent: the 50 writes are still not received, and no lag was recorded.
      expect(ch.notReceivedAt(40), how).toBe(50);
      expect(ch.delayMs.count, how).toBe(0);
    }
  });

  it('in a scenario, the slave lag reaches the partition length and writes resume afterwards', () => {
    const data = {
      name: 'async-partition',
      run: { duration: '300s', seed: 5 },
      sites: { SBG: {}, RBX: {} },
      links: [{ between: ['SBG', 'RBX'], latency: '10ms' }],
      traffic: { classes: { write: { share: 1, path: ['web', 'db'], write: true } }, phases: [{ phase: 'constant', rate: '50/s', duration: '1h' }] },
      tiers: {
        web: { servers: [{ name: 'w', site: 'SBG', slots: 64 }], serviceTime: { dist: 'constant', value: '1ms' } },
        db: {
          servers: [
            { name: 'sbg', site: 'SBG', slots: 16 },
            { name: 'rbx', site: 'RBX', slots: 16 },
          ],
          serviceTime: { dist: 'constant', value: '1ms' },
          database: { replication: 'async', master: 'sbg', applyTime: { dist: 'constant', value: '1ms' } },
        },
      },
      incidents: [{ at: '100s', for: '60s', link: ['SBG', 'RBX'] }],
    };
    const s = run(data);
    const lag = s.databases.db!.slaves['db/rbx']!;
    // The write committed first after the cut waits the whole 60 s, + 10 ms + 1 ms.
    expect(lag.lagMs.max!).toBeGreaterThan(59_990);
    expect(lag.lagMs.max!).toBeLessThan(60_100);
    // Writes stay local to the master in SBG: none fail.
    expect(s.requests.failed).toBe(0);
  });

  it('a Galera cluster split 2+1 by a partition: the minority side refuses, the majority side serves', () => {
    const data = {
      name: 'galera-split',
      run: { duration: '300s', seed: 9 },
      sites: { RBX: {}, GRA: {} },
      links: [{ between: ['RBX', 'GRA'], latency: '5ms' }],
      traffic: { classes: { q: { share: 1, path: ['web', 'db'], write: true } }, phases: [{ phase: 'constant', rate: '100/s', duration: '1h' }] },
      tiers: {
        web: {
          servers: [
            { name: 'rbx', site: 'RBX', slots: 64 },
            { name: 'gra', site: 'GRA', slots: 64 },
          ],
          serviceTime: { dist: 'constant', value: '1ms' },
        },
        db: {
          servers: [
            { name: 'r', count: 2, site: 'RBX', slots: 32 },
            { name: 'g', site: 'GRA', slots: 32 },
          ],
          serviceTime: { dist: 'constant', value: '1ms' },
          database: { replication: 'galera' },
        },
      },
      incidents: [{ at: '100s', for: '50s', link: ['RBX', 'GRA'] }],
    };
    const s = run(data);
    // Round-robin sends every other request to GRA: half of a Poisson(5,000) count over the 50 s, 2,500 ± 4·√5000/2.
    expect(s.sites.GRA!.failed).toBe(s.requests.failedBy.quorumLost);
    expect(Math.abs(s.requests.failedBy.quorumLost - 2500)).toBeLessThan(142);
    // The RBX side keeps quorum (2 of 3 votes) and serves everything.
    expect(s.sites.RBX!.failed).toBe(0);
    expect(s.databases.db!.quorumAtEnd).toBe(true);
    // By time: half of the traffic (the GRA side) could not be served for 50 s of the 300.
    expect(s.availability.time).toBeCloseTo(1 - (0.5 * 50) / 300, 6);
    // During the split the RBX commits skip the GRA round trip. Whole cluster: web 1 ms + db 1 ms + 2·5 ms + 0.5 ms
    // = 12.5 ms; RBX during the split: 2.5 ms; over 300 s with 50 s split: 12.5 − 10·50/300 ≈ 10.83 ms.
    expect(Math.abs(s.sites.RBX!.latencyMs.mean! - (12.5 - (10 * 50) / 300))).toBeLessThan(0.2);
  });

  it('same scenario and seed: byte-identical summaries with partitions and loss', () => {
    const data = twoSites({ incidents: [{ at: '50s', for: '30s', link: ['SBG', 'RBX'] }], link: { loss: 0.05, bandwidth: '100Mbps' }, duration: '120s' });
    const a = JSON.stringify(deterministicPart(run(data, 2)));
    const b = JSON.stringify(deterministicPart(run(data, 2)));
    expect(a).toBe(b);
  });
});

describe('lossy links', () => {
  it('turn loss into retransmission delay: mean extra = RTO·p/(1 − 2p), never a failure', () => {
    // K losses before a success: P(K = k) = p^k (1 − p); extra = RTO (2^K − 1); E[2^K] = (1 − p)/(1 − 2p).
    const p = 0.1;
    const rto = 0.2;
    const link = new Link(0, 1, new Constant(0.01), Infinity, { loss: p, retransmitTimeoutSeconds: rto });
    const rng = new RandomStream('loss');
    const n = 200_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += link.send(0, i, 1000, rng) - i;
    const expected = 0.01 + (rto * p) / (1 - 2 * p); // 10 ms + 25 ms
    // Var[extra] = RTO² (E[4^K] − 2E[2^K] + 1) − mean², E[4^K] = (1 − p)/(1 − 4p).
    const e2 = (1 - p) / (1 - 2 * p);
    const e4 = (1 - p) / (1 - 4 * p);
    const sd = Math.sqrt(rto * rto * (e4 - 2 * e2 + 1) - ((rto * p) / (1 - 2 * p)) ** 2);
    expect(Math.abs(sum / n - expected)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('show in a scenario as latency between sites, with no failure', () => {
    const s = run(twoSites({ link: { loss: 0.2, retransmitTimeout: '100ms' }, rate: '200/s' }));
    expect(s.requests.failed).toBe(0);
    // 2 ms of service + 10 ms + 100 ms · 0.2/0.6.
    const expected = 2 + 10 + (100 * 0.2) / 0.6;
    // 60,000 requests; sd of the extra ≈ 75 ms (p = 0.2: E[4^K] = 4): SE ≈ 0.3 ms.
    expect(Math.abs(s.latencyMs.mean! - expected)).toBeLessThan(1.5);
  });
});
