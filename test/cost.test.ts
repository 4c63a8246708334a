import { describe, expect, it } from 'vitest';
import { billedHours } from '../src/model/elasticity/autoscaler.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { summarize, type Summary } from '../src/run/summary.js';
import { MONTH_HOURS } from '../src/run/summary/cost.js';

function summaryOf(data: unknown, replications = 1): Summary {
  const scenario = resolveScenarioData(data, 'x.json').scenario;
  const reps = Array.from({ length: replications }, (_, i) => runReplication(scenario, i));
  return summarize(scenario, reps, 1, 1);
}

/** A light tier (one request per second) so the run is quick; prices are the point. */
function priced(opts: { duration: string; tiers: Record<string, unknown>; cost?: unknown; responseSize?: string; warmup?: string }): unknown {
  const names = Object.keys(opts.tiers);
  return {
    name: 'priced',
    run: { duration: opts.duration, warmup: opts.warmup ?? '0s', seed: 3 },
    sites: { X: {} },
    traffic: {
      classes: { req: { share: 1, path: [names[0]], ...(opts.responseSize ? { responseSize: opts.responseSize } : {}) } },
      phases: [{ phase: 'constant', rate: '1/s', duration: opts.duration }],
    },
    tiers: Object.fromEntries(
      Object.entries(opts.tiers).map(([name, t]) => [name, { serviceTime: { dist: 'constant', value: '10ms' }, ...(t as object) }]),
    ),
    ...(opts.cost !== undefined ? { cost: opts.cost } : {}),
  };
}

describe('billing per started hour', () => {
  it('a started hour is due in full: 61 minutes cost 2 hours, 60 minutes 1 hour', () => {
    expect(billedHours(61 * 60)).toBe(2);
    expect(billedHours(60 * 60)).toBe(1);
    expect(billedHours(1)).toBe(1);
    expect(billedHours(0)).toBe(0);
    // An hour computed with rounding noise is still one hour.
    expect(billedHours(0.1 * 36000 + 1e-10)).toBe(1);
  });

  // One instance for the whole 2 h run, two more from 10 min to 10 + `life` min (drain 0: powered off at once).
  const elastic = (life: number): Summary =>
    summaryOf(
      priced({
        duration: '2h',
        tiers: {
          web: {
            servers: [{ name: 'vm', count: 1, site: 'X', slots: 4, price: { perHour: 0.5, setupFee: 1 } }],
            autoscaling: {
              group: 'vm',
              min: 1,
              max: 3,
              provisioning: { dist: 'constant', value: '3min' },
              drain: '0s',
              scheduled: [
                { at: '10min', desired: 3 },
                { at: `${10 + life}min`, desired: 1 },
              ],
            },
          },
        },
      }),
    );

  it('bills each instance lifetime from the request to the power-off, per started hour', () => {
    const s61 = elastic(61);
    // 2 h for the first instance, 2 started hours for each of the two others.
    expect(s61.autoscaling!.web!.billedHours).toBe(6);
    expect(s61.cost!.run.byItem['web/vm']).toBeCloseTo(6 * 0.5, 6);
    expect(s61.cost!.run.byItem['web/vm setup']).toBeCloseTo(3 * 1, 6);
    expect(s61.autoscaling!.web!.instanceHours).toBeCloseTo(2 + (2 * 61) / 60, 3); // rounded to 4 digits in the summary
    const s60 = elastic(60);
    expect(s60.autoscaling!.web!.billedHours).toBe(4);
    expect(s60.cost!.run.byItem['web/vm']).toBeCloseTo(4 * 0.5, 6);
    // The projection keeps the run's mean instance count (instance-hours ÷ run hours) for a month, unrounded.
    expect(s60.cost!.monthlyProjection.byItem['web/vm']).toBeCloseTo(((2 + 2) / 2) * MONTH_HOURS * 0.5, 1);
    expect(s60.cost!.monthlyProjection.byItem['web/vm setup']).toBe(0);
  });
});

describe('cost of fixed servers, backups, storage and egress', () => {
  const s = summaryOf(
    priced({
      duration: '73h', // a tenth of a 730-hour month
      responseSize: '100kB',
      tiers: {
        web: {
          servers: [
            { name: 'eg', count: 3, site: 'X', slots: 4, price: { perMonth: 149, setupFee: 50 } },
            { name: 'pci', count: 2, site: 'X', slots: 4, price: { perHour: 0.04 } },
          ],
        },
        vms: {
          servers: [{ name: 'vm', count: 6, site: 'X', slots: 1, price: { perMonth: 20, backup: true } }],
        },
      },
      cost: {
        currency: 'USD',
        backup: { perVmMonth: 8.5 },
        egress: { perGB: 0.01 },
        storage: [{ name: 'static', size: '60GB', perGBMonth: 0.01 }],
        items: [{ name: 'IP Load Balancing', perMonth: 30 }],
      },
    }),
  );
  const c = s.cost!;

  it('prorates monthly prices over the run and counts a full month in the projection', () => {
    expect(c.currency).toBe('USD');
    expect(c.monthHours).toBe(730);
    expect(c.run.byItem['web/eg']).toBeCloseTo((3 * 149) / 10, 2);
    expect(c.monthlyProjection.byItem['web/eg']).toBeCloseTo(3 * 149, 2);
    expect(c.run.byItem['web/eg setup']).toBeCloseTo(150, 2);
    expect(c.run.byItem['IP Load Balancing']).toBeCloseTo(3, 2);
    expect(c.monthlyProjection.byItem['IP Load Balancing']).toBe(30);
    expect(c.run.byItem['storage static']).toBeCloseTo(0.06, 2);
  });

  it('bills a fixed hourly group for every started hour of the run, 730 h in the projection', () => {
    expect(c.run.byItem['web/pci']).toBeCloseTo(2 * 73 * 0.04, 2);
    expect(c.monthlyProjection.byItem['web/pci']).toBeCloseTo(2 * 730 * 0.04, 2);
  });

  it('backs up each VM at $8.50 a month: six VMs cost $51 a month, as in the book', () => {
    expect(c.monthlyProjection.byItem['vms/vm backup']).toBeCloseTo(51, 2);
    expect(c.run.byItem['vms/vm backup']).toBeCloseTo(5.1, 2);
    expect(c.monthlyProjection.byTier.vms).toBeCloseTo(6 * 20 + 51, 2);
  });

  it('egress is the bytes of the successful responses times the price per GB', () => {
    const bytes = s.requests.ok * 100_000;
    expect(c.egressGB).toBeCloseTo(bytes / 1e9, 3);
    expect(c.run.byItem.egress).toBeCloseTo((bytes / 1e9) * 0.01, 2);
    // ≈ 1 req/s for a month.
    expect(c.monthlyProjection.byItem.egress!).toBeGreaterThan(730 * 3600 * 1e5 * 1e-9 * 0.01 * 0.98);
    expect(c.monthlyProjection.byItem.egress!).toBeLessThan(730 * 3600 * 1e5 * 1e-9 * 0.01 * 1.02);
  });

  it('totals add up the items and the tiers', () => {
    const sum = Object.values(c.run.byItem).reduce((a, b) => a + b, 0);
    expect(c.run.total).toBeCloseTo(sum, 1);
    expect(c.monthlyProjection.total).toBeCloseTo(Object.values(c.monthlyProjection.byItem).reduce((a, b) => a + b, 0), 1);
  });

  it('a scenario without prices has no cost section (nor autoscaling)', () => {
    const plain = summaryOf(priced({ duration: '10min', tiers: { web: { servers: [{ name: 'a', site: 'X', slots: 1 }] } } }));
    expect('cost' in plain).toBe(false);
    expect('autoscaling' in plain).toBe(false);
  });
});
