/** Routing by key (issue #12 item 6): keys spread as drawn, owner-down behaviour, validation. */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication, type ReplicationResult } from '../src/run/replication.js';
import { ByKey, KEY_STICKY } from '../src/model/balancers/by-key.js';
import { ConsistentHash } from '../src/model/balancers/consistent-hash.js';
import { NO_BACKEND } from '../src/model/balancers/balancer.js';
import { keyProbabilities, type ResolvedKey } from '../src/scenario/resolved-fanout.js';

function scenario(key: unknown, balancer: unknown, servers = 4, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'keys',
    run: { duration: '2000s', warmup: '0s', seed: 9 },
    sites: { X: {} },
    traffic: { classes: { metric: { share: 1, path: ['shard'], key } }, phases: [{ phase: 'constant', rate: '50/s', duration: '100h' }] },
    tiers: { shard: { balancer, servers: [{ name: 'db', site: 'X', count: servers, slots: 100 }], serviceTime: { dist: 'constant', value: '1ms' } } },
    ...extra,
  };
}

function run(data: unknown): { r: ReplicationResult; names: string[] } {
  const { scenario: s } = resolveScenarioData(data, 'k.json');
  return { r: runReplication(s!, 0), names: s!.tiers[0]!.servers.map((x) => x.name) };
}

/** Upper 0.999 quantile of χ² with k degrees of freedom (Wilson–Hilferty). */
function chiSquare999(k: number): number {
  const z = 3.0902;
  return k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
}

/** χ² of the served counts per server against the key distribution mapped to the servers by `owner`. */
function chiSquare(r: ReplicationResult, key: ResolvedKey, servers: number, owner: (k: number) => number): { stat: number; dof: number } {
  const p = keyProbabilities(key);
  const expectedShare = new Float64Array(servers);
  p.forEach((pk, k) => (expectedShare[owner(k)]! += pk));
  const counts = r.tiers[0]!.servers.map((s) => s.served);
  const n = counts.reduce((a, b) => a + b, 0);
  let stat = 0;
  let dof = -1;
  counts.forEach((c, i) => {
    const e = n * expectedShare[i]!;
    if (e === 0) {
      expect(c).toBe(0);
      return;
    }
    stat += (c - e) ** 2 / e;
    dof++;
  });
  return { stat, dof };
}

describe('routing by key: keys spread as drawn', () => {
  const cases: Array<[string, ResolvedKey, number]> = [
    ['uniform over 40 farms, 4 shards', { dist: 'uniform', keys: 40 }, 4],
    ['zipf s = 1.1 over 40 farms, 5 shards', { dist: 'zipf', keys: 40, exponent: 1.1 }, 5],
    ['weighted list, 3 shards', { dist: 'weighted', weights: [5, 1, 1, 0, 2, 8, 3] }, 3],
  ];
  for (const [label, key, servers] of cases) {
    it(`modulo, ${label}: χ² against the key distribution mapped to servers`, () => {
      const { r } = run(scenario(key, { kind: 'by-key', map: 'modulo' }, servers));
      const { stat, dof } = chiSquare(r, key, servers, (k) => k % servers);
      expect(r.ok).toBeGreaterThan(90_000);
      expect(stat).toBeLessThan(chiSquare999(dof));
    });
  }

  it('consistent hash, zipf s = 0.8 over 200 users, 4 servers: each key on its ring owner', () => {
    const key: ResolvedKey = { dist: 'zipf', keys: 200, exponent: 0.8 };
    const { r, names } = run(scenario(key, { kind: 'by-key', map: 'consistent-hash' }));
    const ring = new ConsistentHash(names);
    const { stat, dof } = chiSquare(r, key, 4, (k) => ring.ownerOf(k));
    expect(stat).toBeLessThan(chiSquare999(dof));
  });

  it('the χ² test has power: the same counts against the wrong mapping fail it', () => {
    const key: ResolvedKey = { dist: 'zipf', keys: 40, exponent: 1.1 };
    const { r } = run(scenario(key, { kind: 'by-key', map: 'modulo' }, 5));
    const { stat, dof } = chiSquare(r, key, 5, (k) => (k + 1) % 5);
    expect(stat).toBeGreaterThan(chiSquare999(dof) * 10);
  });
});

describe('routing by key: when the owner is down', () => {
  const checks = { healthCheck: { interval: '1s', timeout: '0.5s', rise: 1, fall: 1 } };
  function outage(ownerDown: 'fail' | 'next'): ReplicationResult {
    const data = scenario({ dist: 'uniform', keys: 40 }, { kind: 'by-key', map: 'modulo', ownerDown }, 4, { incidents: [{ at: '500s', for: '200s', server: 'shard/db-1' }] });
    (data.tiers as { shard: Record<string, unknown> }).shard = { ...(data.tiers as { shard: Record<string, unknown> }).shard, ...checks };
    return run(data).r;
  }

  it('fail: the keys of the dead shard fail for its whole outage (λ/4 × 200 s), the others are served', () => {
    const r = outage('fail');
    // Poisson count with mean 50/4 × 200 = 2,500 (detection takes ~1 s: refused, then noBackend).
    const failed = r.failedBy.noBackend + r.failedBy.refused;
    expect(Math.abs(failed - 2500)).toBeLessThan(4.5 * Math.sqrt(2500));
    expect(r.failedBy.noBackend).toBeGreaterThan(failed - 150);
  });

  it('next: they go to the next shard while it is down, and only the detection delay fails', () => {
    const r = outage('next');
    expect(r.failedBy.noBackend).toBe(0);
    expect(r.failedBy.refused).toBeLessThan(100);
    // db-2 takes its own quarter for the run and db-1's for the outage: 50/4 × (2000 + 200) s.
    const second = r.tiers[0]!.servers[1]!.served;
    expect(Math.abs(second - 27_500)).toBeLessThan(4.5 * Math.sqrt(27_500) + 100);
  });
});

describe('routing by key: sticky sessions', () => {
  const view = (up: boolean[]): Array<{ inSystem: number; up: boolean }> => up.map((u) => ({ inSystem: 0, up: u }));

  it('a key sticks to the server first chosen (round-robin), whatever the others do', () => {
    const b = new ByKey(KEY_STICKY, false, ['a', 'b', 'c'], 10);
    const all = view([true, true, true]);
    expect([b.pick(all, 7), b.pick(all, 3), b.pick(all, 9), b.pick(all, 4)]).toEqual([0, 1, 2, 0]);
    for (let i = 0; i < 5; i++) expect([b.pick(all, 7), b.pick(all, 3), b.pick(all, 9)]).toEqual([0, 1, 2]);
  });

  it('owner down: fail gives no backend; next moves the key, and it stays on its new server', () => {
    const failing = new ByKey(KEY_STICKY, false, ['a', 'b', 'c'], 10);
    const all = view([true, true, true]);
    expect(failing.pick(all, 5)).toBe(0);
    expect(failing.pick(view([false, true, true]), 5)).toBe(NO_BACKEND);
    expect(failing.pick(all, 5)).toBe(0);

    const moving = new ByKey(KEY_STICKY, true, ['a', 'b', 'c'], 10);
    expect(moving.pick(all, 5)).toBe(0);
    const moved = moving.pick(view([false, true, true]), 5);
    expect(moved).toBe(1);
    expect(moving.pick(all, 5)).toBe(1);
  });

  it('in a run: the sticky table assigns keys in turn, so with uniform keys each server serves a share in proportion to its keys', () => {
    // 12 keys on 3 servers, round-robin first choice: 4 keys each, whatever the order of first arrival.
    const key: ResolvedKey = { dist: 'uniform', keys: 12 };
    const { r } = run(scenario(key, { kind: 'by-key', map: 'sticky' }, 3));
    const counts = r.tiers[0]!.servers.map((s) => s.served);
    const n = counts.reduce((a, b) => a + b, 0);
    const chi = counts.reduce((a, c) => a + (c - n / 3) ** 2 / (n / 3), 0);
    expect(n).toBeGreaterThan(90_000);
    expect(chi).toBeLessThan(chiSquare999(2));
  });
});

describe('routing by key: validation', () => {
  it('a class through a by-key tier needs a key', () => {
    const data = scenario(undefined, { kind: 'by-key' });
    expect(() => resolveScenarioData(data, 'k.json')).toThrow(/traffic\.classes\.metric\.key[\s\S]*carries no key[\s\S]*"key": \{ "dist": "uniform"/);
  });

  it('a bad map or key distribution is named with its JSON path', () => {
    expect(() => resolveScenarioData(scenario({ dist: 'uniform', keys: 4 }, { kind: 'by-key', map: 'mod' }), 'k.json')).toThrow(/tiers\.shard\.balancer/);
    expect(() => resolveScenarioData(scenario({ dist: 'zipf', keys: 4 }, { kind: 'by-key' }), 'k.json')).toThrow(/traffic\.classes\.metric\.key/);
    expect(() => resolveScenarioData(scenario({ dist: 'weighted', weights: [0, 0] }, { kind: 'by-key' }), 'k.json')).toThrow(/key\.weights[\s\S]*above zero/);
  });
});
