/**
 * Master–master replication (Vodkaster) and object storage with three
 * replicas (Swift, OVH Public Cloud Object Storage) against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { problemsOf, runData as run } from './support/run-data.js';

const problems = (data: unknown): string => problemsOf(data).join('\n');

function masterMaster(): any {
  return {
    name: 'vodkaster-db',
    run: { duration: '600s', seed: 4 },
    sites: { SBG: {}, RBX: {} },
    links: [{ between: ['SBG', 'RBX'], latency: '10ms' }],
    traffic: {
      classes: { read: { share: 1, path: ['web', 'db'] }, write: { share: 1, path: ['web', 'db'], write: true } },
      phases: [{ phase: 'constant', rate: '100/s', duration: '1h' }],
    },
    tiers: {
      web: {
        servers: [
          { name: 'sbg', site: 'SBG', slots: 64 },
          { name: 'rbx', site: 'RBX', slots: 64 },
        ],
        serviceTime: { dist: 'constant', value: '1ms' },
      },
      db: {
        servers: [
          { name: 'sbg', site: 'SBG', slots: 32 },
          { name: 'rbx', site: 'RBX', slots: 32 },
        ],
        serviceTime: { dist: 'constant', value: '2ms' },
        database: { replication: 'master-master', applyTime: { dist: 'constant', value: '1ms' } },
      },
    },
  };
}

describe('master–master replication', () => {
  it('serves reads and writes in each site and replicates each way with a lag of at least the link latency', () => {
    const s = run(masterMaster());
    const db = s.tiers.db!.servers;
    // Everything stays local: each database server serves exactly the requests entering in its site, in 1 + 2 ms.
    expect(db['db/sbg']!.served).toBe(s.sites.SBG!.total);
    expect(db['db/rbx']!.served).toBe(s.sites.RBX!.total);
    expect(s.latencyMs.max).toBeLessThan(3.01);
    expect(s.requests.failed).toBe(0);
    const lag = s.databases.db!.slaves;
    expect(s.databases.db!.replication).toBe('master-master');
    // Each stream carries the other site's writes: about half of the 30,000 writes each way.
    expect(lag['db/rbx']!.writes + lag['db/sbg']!.writes).toBe(s.classes.write!.total);
    for (const into of ['db/sbg', 'db/rbx']) {
      // 10 ms on the link + 1 ms apply; 25 writes/s against 1,000/s of apply: waiting is negligible (M/D/1: ρ/(2(1−ρ))·1 ms ≈ 0.013 ms).
      expect(lag[into]!.lagMs.p50!).toBeGreaterThanOrEqual(10);
      expect(Math.abs(lag[into]!.lagMs.mean! - 11.013)).toBeLessThan(0.05);
    }
  });

  it('needs exactly two servers', () => {
    const data = masterMaster();
    data.tiers.db.servers.push({ name: 'gra', site: 'SBG', slots: 1 });
    expect(problems(data)).toMatch(/tiers\.db\.database\.replication: master-master replication needs exactly two servers, the tier has 3/);
  });
});

function objectStore(extra: { servers?: unknown[]; service?: unknown; incidents?: unknown[]; reReplication?: unknown; classes?: unknown; duration?: string; rate?: string }): any {
  return {
    name: 'object-storage',
    run: { duration: extra.duration ?? '600s', seed: 8 },
    sites: { SBG: {}, RBX: {} },
    links: [{ between: ['SBG', 'RBX'], latency: '10ms' }],
    traffic: {
      classes: extra.classes ?? { put: { share: 1, path: ['store'], write: true } },
      phases: [{ phase: 'constant', rate: extra.rate ?? '100/s', duration: '1h' }],
    },
    tiers: {
      web: { servers: [{ name: 'w', site: 'SBG', slots: 64 }], serviceTime: { dist: 'constant', value: '1ms' } },
      store: {
        servers: extra.servers ?? [{ name: 's', count: 3, site: 'SBG', slots: 1000 }],
        serviceTime: extra.service ?? { dist: 'exponential', mean: '10ms' },
        database: { replication: 'object-storage', ...(extra.reReplication ? { reReplication: extra.reReplication } : {}) },
      },
    },
    ...(extra.incidents ? { incidents: extra.incidents } : {}),
  };
}

describe('object storage', () => {
  it('a PUT takes the 2nd of its 3 replica times: E = (1/3 + 1/2)·mean for exponential times without queueing', () => {
    const s = run(objectStore({}));
    // X(2) of 3 iid Exp(μ): 1/(3μ) + 1/(2μ) = 5/6 · 10 ms; Var = (1/9 + 1/4)/μ² ⇒ sd ≈ 6.0 ms; 60,000 PUTs: SE ≈ 0.025 ms.
    const expected = (5 / 6) * 10;
    expect(Math.abs(s.tiers.store!.latencyMs.mean! - expected)).toBeLessThan(0.1);
    expect(Math.abs(s.latencyMs.mean! - expected)).toBeLessThan(0.1);
    // Every PUT is written three times: each server serves one replica write per PUT.
    for (const srv of Object.values(s.tiers.store!.servers)) expect(srv.served).toBe(s.requests.total);
    // No replica write counts as a client request.
    expect(s.requests.inFlightAtEnd).toBeLessThan(20);
  });

  it("a PUT's quorum includes the link both ways when it needs a replica in another site", () => {
    // Replicas: one in SBG (where the PUT enters, after the web tier), two in RBX; 5 ms each, 10 ms each way.
    const s = run(
      objectStore({
        servers: [
          { name: 'a', site: 'SBG', slots: 1000 },
          { name: 'b', count: 2, site: 'RBX', slots: 1000 },
        ],
        service: { dist: 'constant', value: '5ms' },
        classes: { put: { share: 1, path: ['web', 'store'], write: true } },
      }),
    );
    // The quorum's second ack comes from RBX: 10 + 5 + 10 ms.
    expect(s.tiers.store!.latencyMs.mean!).toBeCloseTo(25, 3);
  });

  it('GETs and PUTs are still served after one replica is lost; PUTs fail without a quorum of live servers', () => {
    const classes = { put: { share: 1, path: ['store'], write: true }, get: { share: 3, path: ['store'] } };
    const one = run(objectStore({ classes, incidents: [{ at: '100s', server: 'store/s-1' }] }));
    // Only the few requests inside the server when it died fail (≈ 0.3 GETs in service on average).
    expect(one.requests.failed).toBe(one.requests.failedBy.died);
    expect(one.requests.failedBy.died).toBeLessThan(5);
    expect(one.tiers.store!.servers['store/s-1']!.served).toBeLessThan(0.3 * one.tiers.store!.servers['store/s-2']!.served);
    const two = run(objectStore({ classes, incidents: [{ at: '100s', server: 'store/s-1' }, { at: '100s', server: 'store/s-2' }] }));
    // After 100 s every PUT (a quarter of 100/s over 500 s ≈ 12,500) fails: 1 live server < write quorum 2.
    expect(Math.abs(two.requests.failedBy.noBackend - 12_500)).toBeLessThan(4 * Math.sqrt(12_500));
    expect(two.classes.get!.failed).toBeLessThan(5);
  });

  it('re-replication after a loss raises the survivors’ utilisation by rate × jobTime / slots while it lasts', () => {
    // s-3 dies at 100 s; the replicator (every 30 s) notices at 120 s; survivors run 20 jobs/s of 50 ms for 600 s
    // on 4 slots: +1 busy slot = +0.25 utilisation over 600 of 1,200 s ⇒ +0.125 on the whole run.
    const base = { servers: [{ name: 's', count: 3, site: 'SBG', slots: 4 }], rate: '100/s', duration: '1200s', incidents: [{ at: '100s', server: 'store/s-3' }] };
    const quiet = run(objectStore(base));
    const busy = run(objectStore({ ...base, reReplication: { interval: '30s', duration: '600s', rate: '20/s', jobTime: { dist: 'exponential', mean: '50ms' } } }));
    for (const name of ['store/s-1', 'store/s-2']) {
      const extra = busy.tiers.store!.servers[name]!.utilisation - quiet.tiers.store!.servers[name]!.utilisation;
      // Jobs' busy time: compound Poisson, sd ≈ √(12,000 · 2 · 0.05²) ≈ 7.7 slot·s ⇒ 0.0016 of utilisation.
      expect(Math.abs(extra - 0.125)).toBeLessThan(0.01);
    }
    // The jobs compete with the PUTs: their time in the tier grows.
    expect(busy.tiers.store!.latencyMs.mean!).toBeGreaterThan(quiet.tiers.store!.latencyMs.mean!);
  });

  it('rejects more replicas than servers and a quorum above the replicas', () => {
    const data = objectStore({ servers: [{ name: 's', count: 2, site: 'SBG', slots: 4 }] });
    expect(problems(data)).toMatch(/tiers\.store\.database\.replicas: 3 replicas need at least 3 servers, the tier has 2/);
    const q = objectStore({});
    q.tiers.store.database.writeQuorum = 4;
    expect(problems(q)).toMatch(/writeQuorum: cannot exceed the 3 replicas, got 4/);
  });
});

function galera(extra: Record<string, unknown>, rate: string, speeds: number[] = [1, 1, 1]): any {
  return {
    name: 'galera-extras',
    run: { duration: '300s', warmup: '60s', seed: 12 },
    sites: { RBX: {} },
    traffic: { classes: { w: { share: 1, path: ['db'], write: true } }, phases: [{ phase: 'constant', rate, duration: '1h' }] },
    tiers: {
      db: {
        balancer: 'round-robin',
        servers: speeds.map((speed, i) => ({ name: `n${i + 1}`, site: 'RBX', slots: 64, speed })),
        serviceTime: { dist: 'constant', value: '1ms' },
        database: { replication: 'galera', certification: '0s', ...extra },
      },
    },
  };
}

describe('Galera flow control and certification conflicts', () => {
  it('flow control: the cluster goes as fast as its slowest applier', () => {
    // Every node applies every write set in 4 ms ÷ speed; one node at half speed applies 125/s. Offered: 200 writes/s.
    const fc = { applyTime: { dist: 'constant', value: '4ms' }, flowControlLimit: 16 };
    // No warm-up: every completion of the run is counted (with one, the backlog of earlier requests would be served first).
    const slowData = galera(fc, '200/s', [1, 1, 0.5]);
    slowData.run.warmup = '0s';
    const slow = run(slowData);
    const measured = slow.simulated.measuredSeconds;
    // Completions settle at the slowest applier's rate, 125/s (the rest waits behind paused writers).
    expect(Math.abs(slow.requests.ok / measured - 125)).toBeLessThan(3);
    // All at full speed (250/s): the 200/s are served, each waiting at most for a short apply queue.
    const fast = run(galera(fc, '200/s'));
    expect(Math.abs(fast.requests.ok / fast.simulated.measuredSeconds - 200)).toBeLessThan(4 * Math.sqrt(200 / measured) + 1);
    expect(fast.latencyMs.p99!).toBeLessThan(100);
  });

  it('certification conflicts: a commit fails with probability p^(retries + 1), and each retry costs another try', () => {
    const s = run(galera({ conflictProbability: 0.2, retryAutocommit: 1 }, '100/s'));
    const total = s.requests.total;
    // p² = 0.04 of 24,000 writes: 960 ± 4σ (σ ≈ 30).
    expect(Math.abs(s.requests.failedBy.conflict - 0.04 * total)).toBeLessThan(4 * Math.sqrt(0.04 * 0.96 * total));
    expect(s.requests.failed).toBe(s.requests.failedBy.conflict);
    // Successes take 1 ms, or 2 ms after one retry: mean = (0.8·1 + 0.16·2)/0.96 ms.
    expect(Math.abs(s.latencyMs.mean! - (0.8 + 0.32) / 0.96)).toBeLessThan(0.02);
  });
});

describe('Galera accounting', () => {
  it('a commit abort drawn for a write rejected at the queue does not fail the next request with that id', () => {
    // p = 0.5, no retry: of the writes that get served, half fail certification — as many as succeed, whatever the reads do.
    const s = run({
      name: 'galera-abort',
      run: { duration: '300s', seed: 3 },
      sites: { RBX: {} },
      traffic: { classes: { w: { share: 1, path: ['db'], write: true }, r: { share: 9, path: ['db'] } }, phases: [{ phase: 'constant', rate: '1500/s', duration: '1h' }] },
      tiers: {
        db: {
          servers: [{ name: 'n', count: 3, site: 'RBX', slots: 1, queueLimit: 2 }],
          serviceTime: { dist: 'exponential', mean: '2ms' },
          database: { replication: 'galera', certification: '0s', conflictProbability: 0.5, retryAutocommit: 0 },
        },
      },
    });
    const conflicts = s.requests.failedBy.conflict;
    const ok = s.classes.w!.ok;
    expect(s.requests.failedBy.rejected).toBeGreaterThan(10_000); // the queue does reject
    expect(Math.abs(conflicts - ok)).toBeLessThan(4 * Math.sqrt(conflicts + ok));
  });

  it('a backup restore of a Galera cluster counts the writes since the last copy as lost', () => {
    const s = run({
      name: 'galera-backup',
      run: { duration: '3h', seed: 3 },
      sites: { RBX: {} },
      traffic: { classes: { w: { share: 1, path: ['db'], write: true } }, phases: [{ phase: 'constant', rate: '10/s', duration: '4h' }] },
      tiers: {
        db: {
          servers: [{ name: 'n', count: 3, site: 'RBX', slots: 8 }],
          serviceTime: { dist: 'exponential', mean: '2ms' },
          database: { replication: 'galera', certification: '0s' },
          backups: { schedules: [{ kind: 'incremental', every: '1h' }], dataSize: '1GB', restoreThroughput: '1Gbps', detection: '5min' },
        },
      },
      incidents: [{ at: '1h30min', for: '10min', server: 'db/n-1', destroysData: true }],
    });
    const loss = s.databases.db!.dataLoss[0]!;
    expect(loss.rpoSeconds).toBe(1800);
    // Poisson writes at 10/s for the 30 minutes since the 1 h copy: 18,000 ± 4σ.
    expect(Math.abs(loss.writesLost - 18_000)).toBeLessThan(4 * Math.sqrt(18_000));
  });
});
