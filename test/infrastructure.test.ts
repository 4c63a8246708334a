/**
 * The infrastructure model against exact or closed-form expectations:
 * weighted shares, health-check detection windows, DNS round-robin with a
 * dead target, replication lag, Galera quorum, caches, links.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import { runData as run } from './support/run-data.js';

/** Two web servers behind a balancer, optional health checks and incidents. */
function pair(extra: { healthCheck?: unknown; incidents?: unknown[]; balancer?: string; servers?: number; rate?: string; duration?: string }): unknown {
  const n = extra.servers ?? 2;
  return {
    name: 'pair',
    run: { duration: extra.duration ?? '300s', seed: 11 },
    sites: { RBX: {} },
    traffic: {
      classes: { req: { share: 1, path: ['web'] } },
      phases: [{ phase: 'constant', rate: extra.rate ?? '200/s', duration: '1h' }],
    },
    tiers: {
      web: {
        balancer: extra.balancer ?? 'round-robin',
        ...(extra.healthCheck ? { healthCheck: extra.healthCheck } : {}),
        servers: [{ name: 'w', count: n, site: 'RBX', slots: 50 }],
        serviceTime: { dist: 'exponential', mean: '10ms' },
      },
    },
    ...(extra.incidents ? { incidents: extra.incidents } : {}),
  };
}

describe('infrastructure model', () => {
  it('weighted round-robin 60/40 splits the ERP traffic between SBG and RBX within 1%', () => {
    const { scenario } = loadScenario('scenarios/erp-ha-drp.json');
    scenario.run.durationSeconds = 6 * 3600;
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const sbg = s.sites.SBG!.total;
    const rbx = s.sites.RBX!.total;
    expect(Math.abs(sbg / (sbg + rbx) - 0.6)).toBeLessThan(0.01);
  });

  it('a dead server keeps receiving its share for the health-check detection time, and none after', () => {
    // Server w-2 crashes at t = 100 s. Probes every 2 s, timeout 1 s, fall 3:
    // detected between (3−1)·2 + 1 = 5 s and 3·2 + 1 = 7 s later. Round-robin
    // sends it half of 200/s ⇒ between 500 and 700 refused requests, plus the
    // ≤ 50 in service that die with it.
    const s = run(pair({ healthCheck: { interval: '2s', timeout: '1s', fall: 3, rise: 2 }, incidents: [{ at: '100s', server: 'web/w-2' }] }));
    const refused = s.requests.failedBy.refused;
    // Poisson count over a 5–7 s window: ±4σ ≈ ±110.
    expect(refused).toBeGreaterThan(500 - 110);
    expect(refused).toBeLessThan(700 + 110);
    expect(s.requests.failedBy.died).toBeLessThanOrEqual(50);
    // Without health checks the dead server keeps its half until the end of the run: ≈ 100/s × 200 s.
    const blind = run(pair({ incidents: [{ at: '100s', server: 'web/w-2' }] }));
    expect(blind.requests.failedBy.refused).toBeGreaterThan(19_000);
    expect(blind.requests.failedBy.refused).toBeLessThan(21_000);
  });

  it('a repaired server comes back into rotation after rise probes', () => {
    const s = run(pair({ healthCheck: { interval: '2s', timeout: '1s', fall: 3, rise: 2 }, incidents: [{ at: '100s', for: '60s', server: 'web/w-2' }] }));
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0]!.repairedSeconds).toBe(160);
    // After repair and re-admission w-2 serves again: it carries close to half of the last 130 s.
    expect(s.tiers.web!.servers['web/w-2']!.served).toBeGreaterThan(0.45 * 200 * 130 + 0.5 * 200 * 100 - 2_000);
  });

  it('DNS round-robin with one dead target out of four fails about one request in four', () => {
    // No health checks and an unchanged record: every fresh resolution has a
    // 1/4 chance of the dead address, and clients keep it for the TTL.
    const data = pair({ balancer: 'dns-round-robin', servers: 4, rate: '400/s', duration: '900s', incidents: [{ at: '0s', server: 'web/w-4' }] });
    (data as any).traffic.clients = 2000;
    (data as any).tiers.web.dnsTtl = '60s';
    const s = run(data);
    const ratio = s.requests.failedBy.refused / s.requests.total;
    // 2,000 clients share 4 addresses, so the dead one holds ≈ 500 of them at any time: ratio ≈ 0.25 ± a few points.
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.3);
  });

  it('DNS round-robin fails one request in four until the record changes, then less and less until the caches expire', () => {
    // Target 4 dies at 100 s; the operator removes it from the record 60 s later; clients keep answers 60 s.
    // 100–160 s: a quarter of requests fail; 160–220 s: the clients still caching it dwindle from a quarter to none.
    const data = pair({ balancer: 'dns-round-robin', servers: 4, rate: '400/s', duration: '600s', incidents: [{ at: '100s', server: 'web/w-4' }] }) as any;
    data.traffic.clients = 4000;
    data.tiers.web.dnsTtl = '60s';
    data.tiers.web.dnsUpdate = '60s';
    const s = run(data);
    const expected = 400 * (60 / 4 + 60 / 8); // 9,000
    // The split of clients between addresses adds variance beyond Poisson: ±12%.
    expect(Math.abs(s.requests.failedBy.refused - expected) / expected).toBeLessThan(0.12);
  });

  it('the ERP summary shows per-site latency and a replication lag never below the link latency', () => {
    const { scenario } = loadScenario('scenarios/erp-ha-drp.json');
    scenario.run.durationSeconds = 12 * 3600;
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    expect(Object.keys(s.sites)).toEqual(['SBG', 'RBX']);
    for (const site of Object.values(s.sites)) expect(site.latencyMs.p50).toBeGreaterThan(0);
    const lag = s.databases.mysql!.slaves['mysql/rbx']!;
    expect(lag.writes).toBeGreaterThan(1000);
    // The vRack is 10 ms one way: no write can reach the slave sooner.
    expect(lag.lagMs.max! >= lag.lagMs.p50! && lag.lagMs.p50! >= 10).toBe(true);
    expect(s.databases.mysql!.replication).toBe('async');
  });

  it('writes from the RBX server pay the vRack to reach the SBG master; reads stay local', () => {
    const { scenario } = loadScenario('scenarios/erp-ha-drp.json');
    scenario.run.durationSeconds = 12 * 3600;
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const master = s.tiers.mysql!.servers['mysql/sbg']!;
    const slave = s.tiers.mysql!.servers['mysql/rbx']!;
    // The slave serves only reads entering at RBX: 40% × 80% of requests; the master the rest.
    const total = master.served + slave.served;
    expect(Math.abs(slave.served / total - 0.4 * 0.8)).toBeLessThan(0.01);
  });

  it('a Galera cluster that loses quorum refuses requests, and resumes on recovery', () => {
    const data = {
      name: 'galera',
      run: { duration: '300s', seed: 3 },
      sites: { RBX: {}, GRA: {} },
      traffic: { classes: { write: { share: 1, path: ['db'], write: true } }, phases: [{ phase: 'constant', rate: '100/s', duration: '1h' }] },
      tiers: {
        db: {
          servers: [{ name: 'n', count: 3, site: 'RBX', slots: 16 }],
          serviceTime: { dist: 'exponential', mean: '2ms' },
          database: { replication: 'galera', arbitrators: [{ name: 'garb1', site: 'GRA' }, { name: 'garb2', site: 'GRA' }] },
        },
      },
      incidents: [
        { at: '100s', server: 'db/n-1' },
        { at: '100s', server: 'db/n-2' },
        { at: '150s', for: '50s', server: 'db/n-3' },
      ],
    };
    const s = run(data);
    // Two data nodes down: 3 of 5 votes remain, quorum holds. The third goes down for 50 s: 2 of 5, no quorum.
    const lost = s.requests.failedBy.quorumLost;
    // 100/s × 50 s = 5,000 ± 4σ (≈ 280).
    expect(lost).toBeGreaterThan(5000 - 300);
    expect(lost).toBeLessThan(5000 + 300);
    expect(s.databases.db!.quorumAtEnd).toBe(true);
  });

  it('a database with several nodes in one site shares its reads among them in turn', () => {
    const s = run({
      name: 'galera-one-site',
      run: { duration: '60s', seed: 3 },
      sites: { RBX: {} },
      traffic: { classes: { read: { share: 1, path: ['db'] } }, phases: [{ phase: 'constant', rate: '300/s', duration: '1h' }] },
      tiers: { db: { servers: [{ name: 'n', count: 3, site: 'RBX', slots: 16 }], serviceTime: { dist: 'exponential', mean: '2ms' }, database: { replication: 'galera' } } },
    });
    const served = Object.values(s.tiers.db!.servers).map((x) => x.served);
    const total = served.reduce((a, b) => a + b, 0);
    // Round-robin: the three counts differ by at most one request.
    expect(Math.max(...served) - Math.min(...served)).toBeLessThanOrEqual(1);
    expect(total).toBe(s.requests.ok);
  });

  it('a cache answers its hit ratio of requests and short-circuits the tiers behind it', () => {
    const data = {
      name: 'cache',
      run: { duration: '200s', seed: 5 },
      sites: { RBX: {} },
      traffic: { classes: { page: { share: 1, path: ['nginx', 'php'] } }, phases: [{ phase: 'constant', rate: '500/s', duration: '1h' }] },
      tiers: {
        nginx: {
          servers: [{ name: 'n', site: 'RBX', slots: 64 }],
          serviceTime: { dist: 'constant', value: '0.1ms' },
          cache: { hitRatio: 0.7, hitServiceTime: { dist: 'constant', value: '0.5ms' } },
        },
        php: { servers: [{ name: 'p', site: 'RBX', slots: 64 }], serviceTime: { dist: 'exponential', mean: '20ms' } },
      },
    };
    const s = run(data);
    const phpShare = s.tiers.php!.servers['php/p']!.served / s.requests.total;
    // Binomial: sd ≈ √(0.21/100,000) ≈ 0.0015.
    expect(Math.abs(phpShare - 0.3)).toBeLessThan(0.008);
  });

  for (const [kind, expected] of [
    ['single', 200 * 60],
    ['pair', 200 * 3],
    ['fault-tolerant', 0],
  ] as const) {
    it(`a failed ${kind} balancer stops its tier for ${expected / 200} s`, () => {
      // The balancer in front of "web" fails at 100 s for 60 s; a pair's standby takes over in 3 s.
      const data = pair({ incidents: [{ at: '100s', for: '60s', balancer: 'web' }] }) as any;
      data.tiers.web.balancerRedundancy = { kind, takeover: '3s' };
      const s = run(data);
      const lost = s.requests.failedBy.noBackend;
      // 200/s over the outage, ±4σ of a Poisson count.
      expect(Math.abs(lost - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected) + (expected === 0 ? 0 : 1));
      expect(s.incidents[0]!.serviceRestoredSeconds).toBe(kind === 'single' ? 160 : kind === 'pair' ? 103 : 100);
    });
  }

  it('a link adds its latency between tiers in different sites', () => {
    const base = (site: string): unknown => ({
      name: 'link',
      run: { duration: '100s', seed: 1 },
      sites: { SBG: {}, RBX: {} },
      links: [{ between: ['SBG', 'RBX'], latency: '10ms', bandwidth: '1Gbps' }],
      traffic: { classes: { req: { share: 1, path: ['a', 'b'], requestSize: '125kB' } }, phases: [{ phase: 'constant', rate: '1/s', duration: '1h' }] },
      tiers: {
        a: { servers: [{ name: 'a', site: 'SBG', slots: 8 }], serviceTime: { dist: 'constant', value: '5ms' } },
        b: { servers: [{ name: 'b', site, slots: 8 }], serviceTime: { dist: 'constant', value: '5ms' } },
      },
    });
    const local = run(base('SBG'));
    const remote = run(base('RBX'));
    // 10 ms latency + 125 kB at 1 Gbps = 1 ms of transmission.
    expect(local.latencyMs.mean).toBeCloseTo(10, 1);
    expect(remote.latencyMs.mean).toBeCloseTo(21, 1);
    // With a nested call the response comes back over the link too: + 10 ms + 250 kB at 1 Gbps (2 ms).
    const nested = base('RBX') as any;
    nested.tiers.a.hold = true;
    nested.traffic.classes.req.responseSize = '250kB';
    expect(run(nested).latencyMs.mean).toBeCloseTo(33, 1);
  });
});
