/**
 * The SLO grammar: expressions and the map form, units converted into the
 * metric's unit, per-class and wildcard metrics, and every kind of mistake
 * refused with the expression quoted and the nearest name suggested.
 */
import { describe, expect, it } from 'vitest';
import { sloRuleFromText } from '../src/scenario/resolve-slo.js';
import { parseSloExpression } from '../src/scenario/slo-grammar.js';
import type { MetricNames } from '../src/scenario/slo-metrics.js';
import type { SloRule } from '../src/scenario/resolved.js';
import { sloSection } from '../src/run/summary/slo.js';
import type { Summary } from '../src/run/summary.js';
import { problemsOf, runData } from './support/run-data.js';
import { simulate } from './support/cli.js';

const names: MetricNames = {
  names: { class: ['page', 'asset'], site: ['RBX'], tier: ['web', 'mysql'], database: ['mysql'], server: ['web/w-1', 'mysql/master', 'mysql/rbx', 'mysql/sbg'] },
  currency: 'EUR',
};

function rule(text: string): SloRule {
  const r = sloRuleFromText(text, names);
  if ('error' in r) throw new Error(`${text}: ${r.error}`);
  return r;
}

function problem(text: string): string {
  const r = sloRuleFromText(text, names);
  if (!('error' in r)) throw new Error(`${text} was accepted`);
  return `${r.error}${r.suggestion ? ` — ${r.suggestion}` : ''}`;
}

describe('SLO expressions', () => {
  it('convert thresholds into the metric unit', () => {
    expect(rule('classes.page.latencyMs.p99 < 2s')).toMatchObject({ metric: 'classes.page.latencyMs.p99', op: '<', threshold: 2000, unit: 'ms' });
    expect(rule('latencyMs.p99<500ms').threshold).toBe(500);
    expect(rule('latencyMs.p99 < 1000').threshold).toBe(1000); // a bare number is in the metric's unit
    expect(rule('latencyMs.p99 < 1.5 s').threshold).toBe(1500);
    expect(rule('availability.requests >= 99.95%').threshold).toBeCloseTo(0.9995, 12);
    expect(rule('availability.requests >= 0.999').threshold).toBe(0.999);
    expect(rule('cost.monthlyProjection.total < 1500EUR')).toMatchObject({ threshold: 1500, unit: 'currency' });
    expect(rule('cost.monthlyProjection.total < 1500 €').threshold).toBe(1500);
    expect(rule('incidents.rpoSeconds.max <= 24h')).toMatchObject({ op: '<=', threshold: 86400, unit: 's' });
    expect(rule('incidents.rtoSeconds.max <= 1h30min').threshold).toBe(5400);
    expect(rule('requests.throughputPerSecond > 6000/min').threshold).toBe(100);
    expect(rule('requests.failedBy.rejected == 0')).toMatchObject({ op: '==', threshold: 0, unit: 'count' });
    expect(rule('autoscaling.web.maxServing <= 8').unit).toBe('count');
    expect(rule('tiers.web.utilisation < 70%').threshold).toBeCloseTo(0.7, 12);
  });

  it('accepts k6 spellings and wildcards at a name', () => {
    expect(rule('classes.page.latencyMs.p(99) < 2s').metric).toBe('classes.page.latencyMs.p99');
    expect(rule('latencyMs.p(99.9) < 2s').metric).toBe('latencyMs.p999');
    expect(rule('latencyMs.avg < 2s').metric).toBe('latencyMs.mean');
    expect(rule('latencyMs.med < 2s').metric).toBe('latencyMs.p50');
    expect(rule('databases.mysql.slaves.*.lagMs.p99 < 1s').threshold).toBe(1000);
  });

  it('reads windows, with hours of the day', () => {
    expect(rule('latencyMs.p99 < 500ms in every 1min window')).toMatchObject({ threshold: 500, window: { seconds: 60 }, text: 'latencyMs.p99 < 500ms in every 1min window' });
    expect(rule('availability.requests >= 99% in every 5min window between 08:00 and 20:00').window).toEqual({ seconds: 300, between: [8 * 3600, 20 * 3600] });
    expect(rule('latencyMs.p99 < 500 in every 1min window').threshold).toBe(500); // "in" is not a unit
    expect(rule('classes.page.latencyMs.p99 < 2s in every 10min windows between 20:00 and 02:30').window).toEqual({ seconds: 600, between: [72000, 9000] });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['empty', '', /empty objective/],
    ['no operator', 'latencyMs.p99 500ms', /expected a comparison such as "< 500".*got "500ms"/],
    ['a lone =', 'latencyMs.p99 = 500ms', /unknown operator "=" — did you mean "=="\?/],
    ['=<', 'latencyMs.p99 =< 500ms', /did you mean "<="\?/],
    ['!=', 'requests.failed != 0', /"!=" is not supported/],
    ['no threshold', 'latencyMs.p99 <', /no threshold after "<"/],
    ['a word for a threshold', 'latencyMs.p99 < fast', /expected a number after "<", got "fast"/],
    ['an unknown unit', 'latencyMs.p99 < 2parsecs', /"2parsecs" does not fit latencyMs\.p99: expected a duration in ms/],
    ['a percentage on a latency', 'latencyMs.p99 < 99%', /a percentage is for ratios/],
    ['a duration on a ratio', 'availability.requests >= 2s', /expected a ratio/],
    ['a ratio above 1', 'availability.requests >= 99.9', /a ratio is between 0 and 1.*did you mean "99\.9%"\?/],
    ['a percentage above 100', 'availability.requests >= 101%', /at most 100%/],
    ['a unit on a count', 'requests.failed < 3ms', /expected a count/],
    ['another currency', 'cost.run.total < 10USD', /in USD but the scenario's prices are in EUR/],
    ['an unknown metric', 'latencyMs.p98 < 1s', /unknown SLO metric "latencyMs\.p98" — did you mean "latencyMs\.p9[09]"\?/],
    ['an unknown class', 'classes.pgae.latencyMs.p99 < 2s', /unknown SLO metric "classes\.pgae\.latencyMs\.p99" — did you mean "classes\.page\.latencyMs\.p99"\?/],
    ['a section name', 'latency.p99 < 1s', /did you mean "latencyMs\.p99"\?/],
    ['trailing words', 'latencyMs.p99 < 1s or so', /unexpected "or so" after the threshold/],
    ['a broken window', 'latencyMs.p99 < 1s in each minute', /cannot read the window/],
    ['a window without a unit', 'latencyMs.p99 < 1s in every 1 window', /window length "1" is not a duration/],
    ['bad hours', 'latencyMs.p99 < 1s in every 1min window between 8h and 20h', /expected times of day as HH:MM/],
    ['25:00', 'latencyMs.p99 < 1s in every 1min window between 08:00 and 25:00', /HH:MM/],
    ['empty hours', 'latencyMs.p99 < 1s in every 1min window between 08:00 and 08:00', /empty time range/],
    ['words after the window', 'latencyMs.p99 < 1s in every 1min window please', /unexpected "please" after the window/],
    ['a window on a figure without a series', 'latencyMs.p999 < 1s in every 1min window', /"latencyMs\.p999" has no per-window series/],
    ['a window-only figure without a window', 'autoscaling.web.serving < 3', /exists per window only/],
  ];
  for (const [what, text, message] of bad) it(`refuses ${what}`, () => expect(problem(text)).toMatch(message));

  it('keeps the text as written for messages', () => {
    expect(parseSloExpression('  latencyMs.p99   <   2s ')).toMatchObject({ metric: 'latencyMs.p99', op: '<', thresholdText: '2s' });
    expect(rule('latencyMs.p99 < 2s').text).toBe('latencyMs.p99 < 2s');
  });
});

/** One class of pages (slow tier) and one of assets (fast tier). */
function twoClasses(slo: unknown): unknown {
  return {
    name: 'pages',
    run: { duration: '600s', warmup: '60s', seed: 3 },
    sites: { RBX: {} },
    traffic: {
      classes: { page: { share: 0.1, path: ['php'] }, asset: { share: 0.9, path: ['static'] } },
      phases: [{ phase: 'constant', rate: '50/s', duration: '600s' }],
    },
    tiers: {
      php: { servers: [{ name: 'p', site: 'RBX', slots: 4 }], serviceTime: { dist: 'constant', value: '300ms' } },
      static: { servers: [{ name: 's', site: 'RBX', slots: 50 }], serviceTime: { dist: 'constant', value: '2ms' } },
    },
    slo,
  };
}

describe('SLOs in the scenario', () => {
  it('the map form still works, now with units', () => {
    const s = runData(twoClasses({ 'latencyMs.p99': '< 1000', 'availability.requests': '>= 99.9%', 'classes.page.latencyMs.p50': '< 1s' }));
    expect(s.slo.map((v) => [v.objective, v.status])).toEqual([
      ['latencyMs.p99 < 1000', 'ok'],
      ['availability.requests >= 99.9%', 'ok'],
      ['classes.page.latencyMs.p50 < 1s', 'ok'],
    ]);
  });

  it('a per-class SLO sees the pages that the overall percentile hides', () => {
    // 90% of requests take 2 ms: the overall p50 is an asset's; the pages all take 300 ms.
    const s = runData(twoClasses(['latencyMs.p50 < 100ms', 'classes.page.latencyMs.p50 < 100ms', 'classes.*.latencyMs.p50 < 100ms']));
    expect(s.slo.map((v) => v.status)).toEqual(['ok', 'failed', 'failed']);
    // Constant 300 ms of service (the histogram's bucket of 300 ms is ~1% wide).
    expect(Math.abs(s.slo[1]!.value! - 300)).toBeLessThan(4);
    expect(s.slo[2]).toMatchObject({ worst: 'classes.page.latencyMs.p50', value: s.slo[1]!.value });
  });

  it('refuses a bad objective at load, with its JSON path and the expression', () => {
    expect(problemsOf(twoClasses(['classes.pgae.latencyMs.p99 < 2s']))).toEqual([
      'x.json: slo[0]: "classes.pgae.latencyMs.p99 < 2s": unknown SLO metric "classes.pgae.latencyMs.p99" — did you mean "classes.page.latencyMs.p99"? (`simulate metrics <scenario>` lists them)',
    ]);
    expect(problemsOf(twoClasses({ 'latencyMs.p99': '< 2 parsecs' }))[0]).toMatch(/^x\.json: slo\["latencyMs\.p99"\]: "latencyMs\.p99 < 2 parsecs": "2parsecs" does not fit/);
  });

  it('an aggregate over no incident holds; a figure the run lacks is not evaluable', () => {
    const s = runData(twoClasses(['incidents.rtoSeconds.max < 1h', 'databases.*.slaves.*.lagMs.p99 < 1s']));
    expect(s.slo.map((v) => v.status)).toEqual(['ok', 'not-evaluable']);
  });
});

describe('--slo on the command line', () => {
  it('adds objectives; a bad one exits 2 quoting it, with the nearest name', () => {
    const ok = simulate('test/fixtures/mm1-small.json', '--quiet', '--duration', '300s', '--slo', 'classes.req.latencyMs.p99 < 2s', '--slo', 'availability.requests >= 99.95%');
    expect(ok.code).toBe(0);
    const bad = simulate('test/fixtures/mm1-small.json', '--slo', 'classes.rq.latencyMs.p99 < 2s');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toBe(
      'simulate: --slo "classes.rq.latencyMs.p99 < 2s": unknown SLO metric "classes.rq.latencyMs.p99" — did you mean "classes.req.latencyMs.p99"? (`simulate metrics <scenario>` lists them) (see simulate --help)',
    );
  });

  it('a figure this scenario cannot have (cost without prices) is exit 2 before the run, not exit 1 after it', () => {
    const r = simulate('test/fixtures/mm1-small.json', '--slo', 'cost.monthlyProjection.total < 1500EUR');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^simulate: --slo "cost\.monthlyProjection\.total < 1500EUR": "cost\.monthlyProjection\.total" needs prices, and the scenario gives none — add a "cost" section or price the servers/);
  });

  it('exit 1 lists each failed gate with its threshold and measured value', () => {
    const r = simulate('test/fixtures/mm1-small.json', '--quiet', '--duration', '300s', '--slo', 'latencyMs.p99 < 10ms', '--slo', 'latencyMs.mean < 1s');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^simulate: 1 of 3 SLOs not met \(gate: mean\):\n {2}FAILED +latencyMs\.p99 < 10ms: measured [0-9.]+ ms, threshold < 10 ms\n$/);
  });
});

it('sloSection with a hand-made summary: the worst of a wildcard', () => {
  const summary = { databases: { mysql: { slaves: { 'mysql/rbx': { lagMs: { p99: 20 } }, 'mysql/sbg': { lagMs: { p99: 1500 } } } } } } as unknown as Summary;
  const [v] = sloSection([rule('databases.mysql.slaves.*.lagMs.p99 < 1s')], summary);
  expect(v).toMatchObject({ status: 'failed', value: 1500, worst: 'databases.mysql.slaves.mysql/sbg.lagMs.p99' });
});

it('a section the scenario does not have is refused at load, not left to fail the run', () => {
  const data = twoClasses(['autoscaling.php.maxServing <= 4']);
  expect(problemsOf(data)[0]).toMatch(/unknown SLO metric "autoscaling\.php\.maxServing"/);
  expect(problemsOf(twoClasses(['sites.RBX.latencyMs.p99 < 1s']))[0]).toMatch(/unknown SLO metric "sites\.RBX\.latencyMs\.p99"/);
  expect(problemsOf(twoClasses(['cost.run.total < 10EUR']))[0]).toMatch(/"cost\.run\.total" needs prices, and the scenario gives none/);
});
