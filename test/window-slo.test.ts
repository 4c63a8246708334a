/**
 * Window SLOs on hand-built series (the series themselves are recorded by
 * the run; see src/run/summary/series-types.ts): every window must hold,
 * the failure names the worst window and when it was, hours of the day
 * filter the windows, a longer rule window groups series windows, and a run
 * without series is "not evaluable" rather than a crash.
 */
import { describe, expect, it } from 'vitest';
import { sloRuleFromText } from '../src/scenario/resolve-slo.js';
import type { SloRule } from '../src/scenario/resolved.js';
import type { MetricNames } from '../src/scenario/slo-metrics.js';
import { evaluateWindowRule } from '../src/run/summary/window-slo.js';
import { sloSection } from '../src/run/summary/slo.js';
import type { SeriesSummary } from '../src/run/summary/series-types.js';
import type { Summary } from '../src/run/summary.js';
import { problemsOf } from './support/run-data.js';

const names: MetricNames = { names: { class: ['page'], tier: ['web'], site: ['RBX'], database: [], server: [] } };

function rule(text: string): SloRule {
  const r = sloRuleFromText(text, names);
  if ('error' in r) throw new Error(r.error);
  return r;
}

/** One day of 1-minute windows starting at 00:00; p99 100 ms everywhere but one bad minute at 14:37 (900 ms). */
function day(): SeriesSummary {
  const n = 1440;
  const p99 = Array.from({ length: n }, (_, i) => (i === 14 * 60 + 37 ? 900 : 100 + (i % 7)));
  const availability = Array.from({ length: n }, (_, i) => (i === 3 * 60 + 5 ? 0.9 : i >= 9 * 60 && i < 9 * 60 + 5 ? 0.98 : 1));
  const failed = Array.from({ length: n }, (_, i) => (i >= 600 && i < 603 ? 4 : 0));
  return {
    windowSeconds: 60,
    startSeconds: Array.from({ length: n }, (_, i) => i * 60),
    secondOfDay: Array.from({ length: n }, (_, i) => i * 60),
    values: {
      'latencyMs.p99': p99,
      'classes.page.latencyMs.p99': p99.map((v, i) => (i === 100 ? null : v * 2)),
      'availability.requests': availability,
      'requests.failed': failed,
    },
    endSeconds: n * 60,
    arrivals: failed.map(() => 0),
    throughputPerSecond: failed.map(() => 0),
    marks: [],
  };
}

const withSeries = (series?: SeriesSummary): Summary => ({ latencyMs: { p99: 120 }, ...(series ? { series } : {}) }) as unknown as Summary;

describe('window SLOs', () => {
  it('one bad minute fails the window SLO that the whole-run p99 hides, naming the minute', () => {
    const summary = withSeries(day());
    const [whole, windowed] = sloSection([rule('latencyMs.p99 < 500ms'), rule('latencyMs.p99 < 500ms in every 1min window')], summary);
    expect(whole).toMatchObject({ status: 'ok', value: 120 });
    expect(windowed).toMatchObject({
      status: 'failed',
      ok: false,
      value: 900,
      window: { windowSeconds: 60, windows: 1440, failed: 1, worst: { startSeconds: 877 * 60, secondOfDay: 877 * 60, value: 900 } },
    });
    expect(windowed!.message).toBe('1 of 1440 windows failed; the worst was 900 ms, the 60s window starting at 14:37 (14.617h into the run)');
  });

  it('holds when every window holds, and still reports the worst one', () => {
    const v = evaluateWindowRule(rule('latencyMs.p99 < 1s in every 1min window'), withSeries(day()));
    expect(v).toMatchObject({ status: 'ok', value: 900, window: { failed: 0 } });
  });

  it('per class, skipping windows without data', () => {
    const v = evaluateWindowRule(rule('classes.page.latencyMs.p99 < 1s in every 1min window'), withSeries(day()));
    // 1439 windows with data (one null); 100..106 ms × 2 < 1 s except the bad minute (1800 ms).
    expect(v).toMatchObject({ status: 'failed', value: 1800, window: { windows: 1439, failed: 1 } });
  });

  it('between 08:00 and 20:00 leaves out the 03:05 dip but not the 09:00–09:05 one', () => {
    const all = evaluateWindowRule(rule('availability.requests >= 99% in every 1min window'), withSeries(day()));
    expect(all).toMatchObject({ status: 'failed', value: 0.9, window: { windows: 1440, failed: 6, worst: { secondOfDay: 185 * 60 } } });
    const office = evaluateWindowRule(rule('availability.requests >= 99% in every 1min window between 08:00 and 20:00'), withSeries(day()));
    expect(office).toMatchObject({ status: 'failed', value: 0.98, window: { windows: 720, failed: 5, worst: { startSeconds: 540 * 60, value: 0.98 } } });
    const night = evaluateWindowRule(rule('availability.requests >= 99% in every 1min window between 20:00 and 08:00'), withSeries(day()));
    expect(night).toMatchObject({ status: 'failed', value: 0.9, window: { windows: 720, failed: 1 } });
  });

  it('a 5-minute rule on 1-minute windows sums counts and takes the worst of other figures', () => {
    const failed = evaluateWindowRule(rule('requests.failed <= 8 in every 5min window'), withSeries(day()));
    // Minutes 600–602 fail 4 each: all in the 5-minute group starting at minute 600 → 12.
    expect(failed).toMatchObject({ status: 'failed', value: 12, window: { windowSeconds: 300, windows: 288, failed: 1, worst: { startSeconds: 600 * 60 } } });
    const avail = evaluateWindowRule(rule('availability.requests >= 99% in every 5min window between 08:00 and 20:00'), withSeries(day()));
    expect(avail).toMatchObject({ value: 0.98, window: { windows: 144, failed: 1 } });
  });

  it('is not evaluable (not a crash) without series, or with a window the series cannot make', () => {
    expect(evaluateWindowRule(rule('latencyMs.p99 < 500ms in every 1min window'), withSeries())).toMatchObject({
      status: 'not-evaluable',
      message: 'not evaluable: this run has no per-window series (summary.series is absent)',
    });
    const [v] = sloSection([rule('latencyMs.p99 < 500ms in every 1min window')], withSeries());
    expect(v).toMatchObject({ ok: false, status: 'not-evaluable' });
    expect(evaluateWindowRule(rule('latencyMs.p99 < 500ms in every 90s window'), withSeries(day())).message).toMatch(/60s windows, and 90s is not a whole multiple/);
    const noCalendar = { ...day(), secondOfDay: day().secondOfDay.map(() => null) };
    expect(evaluateWindowRule(rule('latencyMs.p99 < 500ms in every 1min window between 08:00 and 20:00'), withSeries(noCalendar)).message).toMatch(/needs times of day/);
  });

  it('a window on a metric without a series is refused at load', () => {
    const data = {
      name: 'w',
      run: { duration: '10min', seed: 1 },
      sites: { RBX: {} },
      traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '1/s', duration: '10min' }] },
      tiers: { web: { servers: [{ name: 'w', site: 'RBX', slots: 1 }], serviceTime: { dist: 'constant', value: '1ms' } } },
      slo: ['latencyMs.p999 < 1s in every 1min window', 'tiers.web.servers.web/w.utilisation < 90% in every 1min window'],
    };
    const problems = problemsOf(data);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^x\.json: slo\[0\]: "latencyMs\.p999 < 1s in every 1min window": "latencyMs\.p999" has no per-window series/);
    expect(problems[1]).toMatch(/^x\.json: slo\[1\]: .*has no per-window series.*the nearest is "tiers\.web\.utilisation"/);
  });
});

describe('window SLOs end to end (the series of a real run)', () => {
  it('one bad minute fails "in every 1min window" while the whole run passes, and the worst window is the outage', async () => {
    const { loadScenario } = await import('../src/scenario/load.js');
    const { runScenario } = await import('../src/run/run-scenario.js');
    const { ROOT } = await import('./support/cli.js');
    const { join } = await import('node:path');
    // M/M/1 at 50/s; the only server is down 15 s from t = 1000 s (no retries): ≈ 750 of ≈ 95,000 measured requests fail.
    const { scenario } = loadScenario(join(ROOT, 'test/fixtures/mm1-small.json'), (d: any) => {
      d.run.window = '1min';
      d.incidents = [{ at: '1000s', for: '15s', server: 'station/s', description: 'a 15 s outage' }];
      d.slo = ['availability.requests >= 99%', 'availability.requests >= 99% in every 1min window'];
    });
    const s = await runScenario(scenario);
    const [whole, windowed] = s.slo;
    expect(whole!.ok).toBe(true);
    expect(s.availability.requests!).toBeGreaterThan(0.99);
    expect(windowed!.ok).toBe(false);
    // Windows start at the end of the 100 s warm-up: [1000 s, 1060 s) holds the whole outage, 15 of its 60 s: availability ≈ 0.75.
    expect(windowed!.window!.worst!.startSeconds).toBe(1000);
    expect(windowed!.value!).toBeGreaterThan(0.65);
    expect(windowed!.value!).toBeLessThan(0.85);
    expect(windowed!.window!.failed).toBe(1);
  });
});
