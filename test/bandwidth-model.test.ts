/**
 * Bandwidth in the whole model: a server's network card caps its
 * throughput at bandwidth/responseSize when the worker waits for it; sizes
 * per hop are what the cards carry; a fair-shared link and a site's access
 * link give the M/G/1-PS mean transfer time (size/bw)/(1−ρ); redundant
 * loops split the load, and a cut loop leaves everything to the other.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { runData } from './support/run-data.js';

/** One web tier behind nothing; overrides merged into the tier, the class and the scenario. */
function webScenario(o: { tier?: object; cls?: object; rate: string; duration?: string; sites?: object; extra?: object }): Record<string, unknown> {
  return {
    name: 'bw',
    run: { duration: o.duration ?? '2000s', warmup: '100s', seed: 3 },
    sites: o.sites ?? { X: {} },
    traffic: { classes: { page: { share: 1, path: ['web'], ...o.cls } }, phases: [{ phase: 'constant', rate: o.rate, duration: '100h' }] },
    tiers: {
      web: { servers: [{ name: 'w', site: 'X', slots: 50, queueLimit: 100 }], serviceTime: { dist: 'constant', value: '1ms' }, ...o.tier },
    },
    ...o.extra,
  };
}

describe('network cards', () => {
  it('a NIC-bound server that holds its worker during the transfer serves bandwidth/responseSize, not the offered rate', () => {
    // 100 Mbps, 1 MB responses: at most 12.5 responses/s; 25/s are offered (50 slots would serve them all without the card).
    const base = webScenario({ rate: '25/s', cls: { responseSize: '1MB' }, tier: { nic: '100Mbps', holdsWorkerDuringTransfer: true } });
    const s = runData(base);
    const measured = s.simulated.measuredSeconds;
    const servedPerSecond = s.tiers.web!.servers['web/w']!.served / measured;
    expect(Math.abs(servedPerSecond - 12.5) / 12.5).toBeLessThan(0.01);
    expect(s.network!.cards['web/w']!.utilisation).toBeGreaterThan(0.99);
    // Every data byte went out through the card: 1 MB per response served (within the few in flight at the ends).
    expect(Math.abs(s.network!.cards['web/w']!.sentGB - (s.tiers.web!.servers['web/w']!.served * 1e6) / 1e9)).toBeLessThan(0.06);
    // The workers wait for the card: the slots fill, the queue overflows, the rest is rejected.
    expect(s.requests.failedBy.rejected).toBeGreaterThan(0.4 * s.requests.total);
    // Without the card the same server serves all 25/s.
    const free = runData(webScenario({ rate: '25/s', cls: { responseSize: '1MB' } }));
    expect(free.tiers.web!.servers['web/w']!.served / measured).toBeGreaterThan(24);
    expect(free.network).toBeUndefined();
  });

  it('a card whose worker does not wait adds the transfer to the latency: M/D/1-PS mean (size/bw)/(1−ρ), within the 99.9% CI', () => {
    // 500 kB at 100 Mbps = 40 ms alone; 17.5/s: ρ = 0.7, mean transfer 133.3 ms, plus the 1 ms service.
    const data = webScenario({ rate: '17.5/s', duration: '6000s', cls: { responseSize: '500kB' }, tier: { nic: '100Mbps' } });
    const { scenario } = resolveScenarioData(data, 'bw.json');
    const means = Array.from({ length: 10 }, (_, i) => {
      const r = runReplication(scenario, i);
      return r.latencyMs.sum / r.latencyMs.count;
    });
    const ci = confidenceInterval(means, 0.999);
    expect(Math.abs(ci.mean - (1 + 40 / 0.3))).toBeLessThan(ci.halfWidth);
    expect(ci.halfWidth / ci.mean).toBeLessThan(0.05);
  });

  it('sizes per hop: the web card carries the 60 kB pages, the db card the 5 kB results', () => {
    const data = {
      ...webScenario({ rate: '50/s', cls: { path: ['web', 'db'], hops: { web: { responseSize: '60kB' }, db: { responseSize: '5kB' } } } }),
      tiers: {
        web: { servers: [{ name: 'w', site: 'X', slots: 50, nic: '1Gbps' }], serviceTime: { dist: 'constant', value: '1ms' } },
        db: { servers: [{ name: 'd', site: 'X', slots: 50 }], nic: '1Gbps', serviceTime: { dist: 'constant', value: '1ms' } },
      },
    };
    const s = runData(data);
    const web = s.network!.cards['web/w']!;
    const db = s.network!.cards['db/d']!;
    expect(web.sentGB).toBeCloseTo((s.tiers.web!.servers['web/w']!.served * 60e3) / 1e9, 3);
    expect(db.sentGB).toBeCloseTo((s.tiers.db!.servers['db/d']!.served * 5e3) / 1e9, 3);
    // Utilisation of a fair card at low load = bytes ÷ (bandwidth × time).
    expect(web.utilisation!).toBeCloseTo((web.sentGB * 8e9) / (1e9 * s.simulated.measuredSeconds), 3);
    expect(s.series!.values['network.cards.web/w.utilisation']!.length).toBe(s.series!.startSeconds.length);
  });
});

/** lb in A, web in B, the link between them (merged with `link`). */
function twoSites(link: object, o: { rate: string; incidents?: object[]; cls?: object; duration?: string }): Record<string, unknown> {
  return {
    name: 'loops',
    run: { duration: o.duration ?? '1000s', warmup: '0s', seed: 5 },
    sites: { A: {}, B: {} },
    links: [{ between: ['A', 'B'], latency: '2ms', bandwidth: '1Gbps', ...link }],
    traffic: { classes: { page: { share: 1, path: ['lb', 'web'], requestSize: '100kB', ...o.cls } }, phases: [{ phase: 'constant', rate: o.rate, duration: '100h' }] },
    tiers: {
      lb: { servers: [{ name: 'h', site: 'A', slots: 1000 }], serviceTime: { dist: 'constant', value: '0.1ms' } },
      web: { servers: [{ name: 'w', site: 'B', slots: 1000 }], serviceTime: { dist: 'constant', value: '1ms' } },
    },
    ...(o.incidents ? { incidents: o.incidents } : {}),
  };
}

describe('links', () => {
  it('a fair-shared link: mean crossing time (size/bw)/(1−ρ) + latency, within the 99.9% CI', () => {
    // 1 MB over 100 Mbps = 80 ms alone; 10/s: ρ = 0.8, mean transfer 400 ms; + 2 ms latency + 0.1 + 1 ms service.
    const data = twoSites({ sharing: 'fair', bandwidth: '100Mbps' }, { rate: '10/s', duration: '20000s', cls: { requestSize: '1MB' } });
    (data.run as { warmup: string }).warmup = '500s';
    const { scenario } = resolveScenarioData(data, 'fair.json');
    const means = Array.from({ length: 8 }, (_, i) => {
      const r = runReplication(scenario, i);
      return r.latencyMs.sum / r.latencyMs.count;
    });
    const ci = confidenceInterval(means, 0.999);
    expect(Math.abs(ci.mean - (80 / 0.2 + 2 + 1.1))).toBeLessThan(ci.halfWidth);
    expect(ci.halfWidth / ci.mean).toBeLessThan(0.06);
  });

  it('two loops share the load evenly, and with one cut the other carries everything', () => {
    const both = runData(twoSites({ count: 2, sharing: 'fair' }, { rate: '100/s' }));
    const l1 = both.network!.links['A–B']!['A→B']!;
    const l2 = both.network!.links['A–B#2']!['A→B']!;
    const perRequestGB = 100e3 / 1e9;
    // Crossings alternate: the loops differ by at most one request.
    expect(Math.abs(l1.sentGB - l2.sentGB)).toBeLessThanOrEqual(perRequestGB + 1e-9);
    expect(l1.sentGB + l2.sentGB).toBeCloseTo(both.requests.total * perRequestGB, 3);

    const cut = runData(twoSites({ count: 2, sharing: 'fair' }, { rate: '100/s', incidents: [{ at: '0s', link: ['A', 'B'], loop: 1 }] }));
    expect(cut.network!.links['A–B']!['A→B']!.sentGB).toBe(0);
    expect(cut.network!.links['A–B#2']!['A→B']!.sentGB).toBeCloseTo(cut.requests.total * perRequestGB, 3);
    expect(cut.requests.failed).toBe(0);

    // Both cut: nothing gets across.
    const gone = runData(twoSites({ count: 2 }, { rate: '100/s', incidents: [1, 2].map((loop) => ({ at: '0s', link: ['A', 'B'], loop })) }));
    expect(gone.requests.ok).toBe(0);
    expect(gone.requests.failedBy.unreachable).toBeGreaterThan(0);
  });

  it('a scheduled cut of one loop moves the new crossings to the other (FIFO loops too)', () => {
    const s = runData(twoSites({ count: 2 }, { rate: '100/s', incidents: [{ at: '500s', link: ['A', 'B'], loop: 2 }] }));
    const l1 = s.network!.links['A–B']!['A→B']!.sentGB;
    const l2 = s.network!.links['A–B#2']!['A→B']!.sentGB;
    // Half of the first half on loop 2, everything else on loop 1: 3/4 and 1/4 of the bytes.
    expect(l2 / (l1 + l2)).toBeGreaterThan(0.23);
    expect(l2 / (l1 + l2)).toBeLessThan(0.27);
    expect(s.requests.failed).toBe(0);
    // A FIFO link's utilisation: bits ÷ (bandwidth × time).
    expect(s.network!.links['A–B']!['A→B']!.utilisation!).toBeCloseTo((l1 * 8e9) / (1e9 * 1000), 4);
  });
});

describe('access links', () => {
  it("a site's access link: responses to clients share it, M/D/1-PS mean (size/bw)/(1−ρ), within the 99.9% CI", () => {
    // 500 kB out at 100 Mbps = 40 ms alone, ρ = 0.7: 133.3 ms; the 1 kB requests in: 80 µs/(1 − 0.0014); + 1 ms service.
    const data = webScenario({ rate: '17.5/s', duration: '6000s', cls: { responseSize: '500kB' }, sites: { X: { access: { bandwidth: '100Mbps' } } } });
    const { scenario } = resolveScenarioData(data, 'access.json');
    const means = Array.from({ length: 10 }, (_, i) => {
      const r = runReplication(scenario, i);
      return r.latencyMs.sum / r.latencyMs.count;
    });
    const ci = confidenceInterval(means, 0.999);
    expect(Math.abs(ci.mean - (1 + 40 / 0.3 + 0.08 / (1 - 0.0014)))).toBeLessThan(ci.halfWidth);
    const s = runData(data);
    expect(s.network!.access.X!.out.utilisation!).toBeGreaterThan(0.65);
    expect(s.network!.access.X!.out.utilisation!).toBeLessThan(0.75);
    expect(s.network!.access.X!.in.sentGB).toBeCloseTo((s.requests.total * 1e3) / 1e9, 2);
  });
});
