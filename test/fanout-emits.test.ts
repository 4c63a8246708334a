/** Consequence requests (issue #12 item 5): counts = parent completions × probability, time since the origin. */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { summarize, type Summary } from '../src/run/summary.js';

function scenario(emits: Record<string, unknown>, opts: { rate?: string; duration?: string; path?: string[]; alertPath?: string[]; extra?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    name: 'emits',
    run: { duration: opts.duration ?? '2000s', warmup: '100s', seed: 3 },
    sites: { X: {} },
    traffic: {
      classes: {
        metric: { share: 1, path: opts.path ?? ['proc'], emits },
        alert: { share: 0, path: opts.alertPath ?? ['sms'] },
      },
      phases: [{ phase: 'constant', rate: opts.rate ?? '50/s', duration: '100h' }],
    },
    tiers: {
      proc: { servers: [{ name: 'p', site: 'X', slots: 1000 }], serviceTime: { dist: 'constant', value: '5ms' } },
      store: { servers: [{ name: 's', site: 'X', slots: 1000 }], serviceTime: { dist: 'constant', value: '7ms' } },
      sms: { servers: [{ name: 'g', site: 'X', slots: 1000 }], serviceTime: { dist: 'constant', value: '3ms' } },
    },
    ...opts.extra,
  };
}

function summary(data: unknown, reps = 1): Summary {
  const { scenario: s } = resolveScenarioData(data, 'e.json');
  return summarize(s!, Array.from({ length: reps }, (_, i) => runReplication(s!, i)), 0, 1);
}

describe('consequence requests', () => {
  it('alerts = metric successes × probability (binomial bound), each with its own latency and the time since the reading', () => {
    const sum = summary(scenario({ class: 'alert', probability: 0.1 }));
    const parents = sum.classes.metric!.ok;
    const alerts = sum.classes.alert!.total;
    expect(parents).toBeGreaterThan(90_000);
    // Binomial(parents, 0.1), 4.5σ, plus the handful at the warm-up boundary.
    expect(Math.abs(alerts - parents * 0.1)).toBeLessThan(4.5 * Math.sqrt(parents * 0.1 * 0.9) + 5);
    expect(sum.classes.alert!.emitted).toBe(alerts); // all succeeded, none in flight at the warm-up edge
    // Unloaded constant tiers: the alert takes 3 ms, 5 + 3 = 8 ms after the reading arrived.
    expect(sum.classes.alert!.latencyMs.mean).toBeCloseTo(3, 6);
    expect(sum.classes.alert!.sinceOriginMs!.mean).toBeCloseTo(8, 6);
    expect(sum.classes.metric!.sinceOriginMs).toBeUndefined();
    expect(sum.requests.total).toBe(parents + alerts);
  });

  it('"after" a tier: emitted when the request leaves it, not at the end of its path', () => {
    const sum = summary(scenario({ class: 'alert', after: 'proc' }, { path: ['proc', 'store'], duration: '500s' }));
    expect(sum.classes.alert!.total).toBe(sum.classes.metric!.ok);
    expect(sum.classes.metric!.latencyMs.mean).toBeCloseTo(12, 6);
    expect(sum.classes.alert!.sinceOriginMs!.mean).toBeCloseTo(8, 6); // 5 ms at proc, then the 3 ms alert
  });

  it('a failed request emits nothing; an emitted request that fails is counted in its class', () => {
    const data = scenario({ class: 'alert' }, { duration: '500s', extra: { incidents: [{ at: '200s', for: '100s', server: 'sms/g' }] } });
    const sum = summary(data);
    expect(sum.classes.alert!.total).toBe(sum.classes.metric!.ok);
    // About 50/s × 100 s of alerts are refused by the dead gateway.
    expect(sum.classes.alert!.failed).toBeGreaterThan(4500);
    expect(sum.classes.alert!.failed).toBeLessThan(5500);
    const failing = scenario({ class: 'alert' }, { duration: '500s', extra: { incidents: [{ at: '200s', for: '100s', server: 'proc/p' }] } });
    const f = summary(failing);
    expect(f.classes.alert!.total).toBe(f.classes.metric!.ok);
    expect(f.classes.metric!.failed).toBeGreaterThan(4500);
  });

  it('a retried alert keeps the time since the reading: it includes the failed attempt and the retry delay', () => {
    // The gateway is down 200–205 s (no health checks: refused at once); alerts retry after 10 s.
    const data = scenario({ class: 'alert' }, { duration: '500s', extra: { incidents: [{ at: '200s', for: '5s', server: 'sms/g' }] } });
    const classes = (data.traffic as { classes: Record<string, Record<string, unknown>> }).classes;
    classes.alert = { ...classes.alert, retries: 1, retryAfter: '10s' };
    const sum = summary(data);
    expect(sum.classes.alert!.failed).toBe(0);
    // Refused at the reading + 5 ms, sent again 10 s later, 3 ms at the gateway: 10,008 ms after the reading.
    expect(sum.classes.alert!.sinceOriginMs!.max).toBeCloseTo(10_008, 3);
    expect(sum.classes.alert!.sinceOriginMs!.p50).toBeCloseTo(8, 1);
  });

  it('a chain: a class emitted by an emitted class measures from the first arrival', () => {
    const data = scenario({ class: 'alert' }, { duration: '500s' });
    const classes = (data.traffic as { classes: Record<string, Record<string, unknown>> }).classes;
    classes.alert = { ...classes.alert, emits: { class: 'ack' } };
    classes.ack = { share: 0, path: ['store'] };
    const sum = summary(data);
    expect(sum.classes.ack!.total).toBe(sum.classes.metric!.ok);
    expect(sum.classes.ack!.sinceOriginMs!.mean).toBeCloseTo(5 + 3 + 7, 6);
  });

  it('validation: an unknown class, a tier off the path and a cycle are named with their paths', () => {
    expect(() => resolveScenarioData(scenario({ class: 'alrt' }), 'e.json')).toThrow(/traffic\.classes\.metric\.emits\.class[\s\S]*did you mean "alert"/);
    expect(() => resolveScenarioData(scenario({ class: 'alert', after: 'sms' }), 'e.json')).toThrow(/emits\.after[\s\S]*not on the path/);
    const cyc = scenario({ class: 'alert' });
    const classes = (cyc.traffic as { classes: Record<string, Record<string, unknown>> }).classes;
    classes.alert = { ...classes.alert, emits: { class: 'metric' } };
    expect(() => resolveScenarioData(cyc, 'e.json')).toThrow(/emits itself/);
    const none = scenario({ class: 'alert' });
    (none.traffic as { classes: Record<string, Record<string, unknown>> }).classes.metric!.share = 0;
    expect(() => resolveScenarioData(none, 'e.json')).toThrow(/traffic\.classes\.metric\.share: expected a value > 0, got 0 \(share 0 is only for a class that another class "emits"\)/);
  });
});

describe('consequence requests: the offered-load warning', () => {
  it('counts the emitted class at its parents’ rate × probability: 50/s × 0.5 × 1 s = 25 busy slots of 20', () => {
    const data = scenario({ class: 'alert', probability: 0.5 });
    (data.tiers as Record<string, Record<string, unknown>>).sms = { servers: [{ name: 'g', site: 'X', slots: 20 }], serviceTime: { dist: 'constant', value: '1s' } };
    const w = resolveScenarioData(data, 'e.json').warnings.map((p) => `${p.path}: ${p.message}`).filter((p) => p.includes('at the peak rate'));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^tiers\.sms: .*offered load is 25 busy slots but the tier has 20/);
  });
});
