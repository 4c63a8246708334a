/**
 * Read routing of a database tier (`database.reads`) under a master
 * failure, against Poisson counts: reads arrive at λ/s, half of them through
 * an application server in the master's site A, half through one in the
 * slave's site B (round-robin, exact halves). The master is down for D
 * seconds; the database's health check (inter 0.1 s, fall 1, rise 1) sees it
 * within 0.15 s. Then, over the outage:
 * - master: every read fails, λ·D;
 * - local-only: the reads from A fail, λ/2·D; B's are served by the slave;
 * - nearest and round-robin: only the reads sent to the dead master before
 *   detection fail (< λ/2·0.15); A's reads go to the slave meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { problemsOf, runData } from './support/run-data.js';

const RATE = 200;
const OUTAGE = 30;
const DURATION = 80;
/** Detection and rise windows of the health check [s]: slack for the counts. */
const CHECK = 0.15;

function scenario(reads: unknown, opts: { siteC?: boolean; outage?: boolean } = {}): any {
  const outage = opts.outage ?? true;
  return {
    name: 'reads',
    run: { duration: `${DURATION}s`, seed: 11 },
    sites: { A: {}, B: {}, ...(opts.siteC ? { C: {} } : {}) },
    links: [
      { between: ['A', 'B'], latency: '10ms' },
      ...(opts.siteC
        ? [
            { between: ['C', 'A'], latency: '1ms' },
            { between: ['C', 'B'], latency: '8ms' },
          ]
        : []),
    ],
    traffic: {
      classes: { r: { share: 1, path: ['app', 'db'] } },
      phases: [{ phase: 'constant', rate: `${RATE}/s`, duration: `${DURATION}s` }],
    },
    tiers: {
      app: {
        servers: opts.siteC
          ? [{ name: 'c', site: 'C', slots: 1000 }]
          : [
              { name: 'a', site: 'A', slots: 1000 },
              { name: 'b', site: 'B', slots: 1000 },
            ],
        serviceTime: { dist: 'constant', value: '1ms' },
      },
      db: {
        servers: [
          { name: 'm', site: 'A', slots: 1000 },
          { name: 's', site: 'B', slots: 1000 },
        ],
        serviceTime: { dist: 'constant', value: '1ms' },
        healthCheck: { interval: '0.1s', timeout: '0.05s', fall: 1, rise: 1 },
        database: { replication: 'async', master: 'm', applyTime: { dist: 'constant', value: '0.1ms' }, ...(reads === undefined ? {} : { reads }) },
      },
    },
    incidents: outage ? [{ at: '20s', for: `${OUTAGE}s`, server: 'db/m' }] : [],
  };
}

/** |x − mean| within 4 Poisson standard deviations plus `slack`. */
function expectPoisson(x: number, mean: number, slack = 0): void {
  expect(Math.abs(x - mean)).toBeLessThan(4 * Math.sqrt(mean) + slack);
}

describe('read routing under a master failure', () => {
  it('master: every read fails for the whole outage (λ·D)', () => {
    const s = runData(scenario('master'));
    expectPoisson(s.requests.failed, RATE * OUTAGE, RATE * CHECK);
    // The slave serves nothing: it is only a standby.
    expect(s.tiers.db!.servers['db/s']!.served).toBe(0);
  });

  it('local-only: the reads of the master\'s site fail (λ/2·D), the other site\'s are served locally', () => {
    const s = runData(scenario('local-only'));
    expectPoisson(s.requests.failed, (RATE / 2) * OUTAGE, (RATE / 2) * CHECK);
    expectPoisson(s.tiers.db!.servers['db/s']!.served, (RATE / 2) * DURATION);
  });

  for (const mode of ['nearest', 'round-robin', undefined] as const) {
    it(`${mode ?? 'default (round-robin)'}: reads move to the slave once the master is seen down`, () => {
      const s = runData(scenario(mode));
      // Only the detection window's reads from A fail.
      expect(s.requests.failed).toBeLessThan((RATE / 2) * CHECK + 4 * Math.sqrt((RATE / 2) * CHECK) + 2);
      expectPoisson(s.tiers.db!.servers['db/s']!.served, (RATE / 2) * (DURATION + OUTAGE), (RATE / 2) * CHECK);
    });
  }

  it('per class: a class at the master fails, a class reading nearest does not', () => {
    const data = scenario({ r: 'master', q: 'nearest' });
    data.traffic.classes = { r: { share: 0.5, path: ['app', 'db'] }, q: { share: 0.5, path: ['app', 'db'] } };
    const s = runData(data);
    expectPoisson(s.classes.r!.failed, (RATE / 2) * OUTAGE, (RATE / 2) * CHECK);
    expect(s.classes.q!.failed).toBeLessThan((RATE / 4) * CHECK + 4 * Math.sqrt((RATE / 4) * CHECK) + 2);
  });
});

describe('read routing from a site without a database server', () => {
  // The application is in C: 1 ms from the master's site A, 8 ms from the slave's B.
  it('round-robin spreads the reads over both servers, nearest sends them all to the closest', () => {
    const rr = runData(scenario('round-robin', { siteC: true, outage: false }));
    const m = rr.tiers.db!.servers['db/m']!.served;
    const sl = rr.tiers.db!.servers['db/s']!.served;
    // Strict alternation: within one read.
    expect(Math.abs(m - sl)).toBeLessThanOrEqual(1);
    const near = runData(scenario('nearest', { siteC: true, outage: false }));
    expect(near.tiers.db!.servers['db/s']!.served).toBe(0);
    expectPoisson(near.tiers.db!.servers['db/m']!.served, RATE * DURATION);
  });

  it('nearest falls back to the next closest when the master is down; local-only has nothing local', () => {
    const near = runData(scenario('nearest', { siteC: true }));
    expectPoisson(near.tiers.db!.servers['db/s']!.served, RATE * OUTAGE, RATE * CHECK);
    const local = runData(scenario('local-only', { siteC: true, outage: false }));
    expect(local.requests.failed).toBe(local.requests.total);
    expect(local.requests.failedBy.noBackend).toBe(local.requests.total);
  });
});

describe('read routing validation', () => {
  it('refuses "master" on a database without a master, and unknown classes', () => {
    const galera = scenario('master');
    galera.tiers.db.database = { replication: 'galera', reads: 'master' };
    expect(problemsOf(galera).join('\n')).toMatch(/tiers\.db\.database\.reads.*"master" read routing needs an async master/);
    expect(problemsOf(scenario({ page: 'nearest' })).join('\n')).toMatch(/tiers\.db\.database\.reads\.page/);
    expect(problemsOf(scenario('closest')).join('\n')).toMatch(/tiers\.db\.database\.reads/);
  });
});
