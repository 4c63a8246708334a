/**
 * `hold` on processor-sharing servers (a shared machine, or "discipline":
 * "ps"): a PHP-FPM child keeps its worker while MySQL answers, but waits
 * on I/O, so only its own service time uses the cores. Closed forms:
 * - the cores are an M/M/c processor-sharing station (the number running is
 *   the M/M/c birth–death chain), so a request's sojourn is the M/M/c mean
 *   of its own service plus the constant DB time, and the cores'
 *   utilisation is λ·s/c, not λ·(s + DB)/c;
 * - the workers cap concurrency: with no waiting room, a slot is taken for
 *   own service + DB time, an M/G/N/N loss system whose blocking is Erlang B
 *   of λ·(s + DB), whatever the holding time's distribution.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { erlangB, mmcMeanSojourn } from './support/erlang.js';

interface Opts {
  cores: number;
  slots?: number;
  queueLimit?: number;
  rate: number;
  onMachine: boolean;
  duration?: string;
  incidents?: unknown[];
}

/** Pages: PHP (exponential 2 ms, holding its worker) then a DB that answers in a constant 20 ms (as many connections as needed). */
function holding(o: Opts): Record<string, unknown> {
  const php = { name: 'web', site: 'RBX', slots: o.slots ?? 10_000, ...(o.queueLimit !== undefined ? { queueLimit: o.queueLimit } : {}) };
  return {
    name: 'hold-on-machine',
    run: { duration: o.duration ?? '2200s', warmup: '200s', seed: 17 },
    sites: { RBX: {} },
    ...(o.onMachine ? { machines: { web: { count: 1, cores: o.cores } } } : {}),
    traffic: {
      classes: { page: { share: 1, path: ['php', 'db'] } },
      phases: [{ phase: 'constant', rate: `${o.rate}/s`, duration: '100h' }],
    },
    ...(o.incidents ? { incidents: o.incidents } : {}),
    tiers: {
      php: {
        hold: true,
        ...(o.onMachine ? {} : { discipline: 'ps' }),
        servers: [o.onMachine ? { ...php, machine: 'web' } : { ...php, cores: o.cores }],
        serviceTime: { dist: 'exponential', mean: '2ms' },
      },
      db: { servers: [{ name: 'db', site: 'RBX', slots: 10_000 }], serviceTime: { dist: 'constant', value: '20ms' } },
    },
  };
}

/** Per replication: mean end-to-end latency [ms], PHP's core utilisation, share of requests failed. */
function measure(data: unknown, reps: number): { latency: number[]; util: number[]; lost: number[] } {
  const { scenario } = resolveScenarioData(data, 'hold.json');
  const out = { latency: [] as number[], util: [] as number[], lost: [] as number[] };
  for (let i = 0; i < reps; i++) {
    const r = runReplication(scenario, i);
    out.latency.push(r.latencyMs.sum / r.latencyMs.count);
    out.util.push(r.tiers[0]!.servers[0]!.utilisation);
    out.lost.push(r.failed / (r.ok + r.failed));
  }
  return out;
}

function expectWithin(samples: number[], expected: number, slack = 0): void {
  const ci = confidenceInterval(samples, 0.999);
  expect(Math.abs(ci.mean - expected)).toBeLessThan(ci.halfWidth + slack);
}

describe('hold on processor-sharing servers: the held worker waits on I/O, off the cores', () => {
  for (const onMachine of [true, false]) {
    const where = onMachine ? 'a shared machine' : 'a "ps" tier';
    it(`on ${where} with 1 core: sojourn = M/M/1 of the own 2 ms + the DB's 20 ms, core utilisation λ·s`, () => {
      // λ = 200/s: ρ = 0.4 on the core. Own part 2/(1 − 0.4) = 3.33 ms; were held workers running, every page would share the core with ~4 others and ρ would exceed 1.
      const { latency, util } = measure(holding({ cores: 1, rate: 200, onMachine }), 6);
      expectWithin(latency, 1000 * mmcMeanSojourn(200, 500, 1) + 20);
      expectWithin(util, 200 * 0.002, 0.003);
    });
  }

  it('with 2 cores: the own part is the M/M/2 sojourn', () => {
    // λ = 700/s, s = 2 ms: 1.4 Erlangs on 2 cores; 14 held workers on average, none of them on a core.
    const { latency, util } = measure(holding({ cores: 2, rate: 700, onMachine: true, duration: '1200s' }), 6);
    expectWithin(latency, 1000 * mmcMeanSojourn(700, 500, 2) + 20);
    expectWithin(util, (700 * 0.002) / 2, 0.003);
  });

  it('the workers cap concurrency: 4 slots, no waiting room, blocking = Erlang B(4, λ·(s + DB))', () => {
    // λ = 100/s × 22 ms = 2.2 Erlangs on 4 workers: B ≈ 0.105. 8 cores: the own service never slows, so the slot's holding time is exactly own + DB.
    const { lost } = measure(holding({ cores: 8, slots: 4, queueLimit: 0, rate: 100, onMachine: true, duration: '3200s' }), 6);
    expectWithin(lost, erlangB(100 * 0.022, 4));
  });

  it('a machine dying with workers held loses them, and gives every slot back when it returns', () => {
    // Down 200 s of the 3,000 s measured: those requests fail; the rest see Erlang B again (no slot leaked by the dead holds).
    const down = 200 / 3000;
    const data = holding({ cores: 8, slots: 4, queueLimit: 0, rate: 100, onMachine: true, duration: '3200s', incidents: [{ at: '1000s', for: '200s', machine: 'web-1' }] });
    const { lost } = measure(data, 6);
    expectWithin(lost, down + (1 - down) * erlangB(100 * 0.022, 4), 0.002);
  });
});
