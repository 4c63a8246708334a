/** Traffic features end to end, from a scenario file to the summary. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import { formatProblem, ScenarioError } from '../src/scenario/scenario-error.js';

describe('traffic from scenario files', () => {
  it('replays a timestamps trace exactly: every line is one request of its class', () => {
    const { scenario } = loadScenario('test/fixtures/trace-replay.json');
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const lines = readFileSync('test/fixtures/traces/arrivals.csv', 'utf8').trim().split('\n').slice(1);
    expect(s.requests.total).toBe(lines.length);
    expect(s.classes.page!.total).toBe(lines.filter((l) => l.endsWith(',page')).length);
  });

  it('replays a per-interval rate trace as a Poisson process with those rates', () => {
    const data = JSON.parse(readFileSync('test/fixtures/trace-replay.json', 'utf8'));
    data.traffic.trace = { rates: 'traces/rates.csv' };
    const { scenario } = resolveScenarioData(data, 'test/fixtures/trace-replay.json');
    // 10/s for 20 s, 50/s for 20 s, 10/s for 20 s, then 0: 1,400 expected arrivals.
    const reps = Array.from({ length: 4 }, (_, i) => runReplication(scenario, i));
    const total = reps.reduce((a, r) => a + r.ok + r.failed, 0);
    // 4 × 1,400 = 5,600 ± 4σ (σ = √5600 ≈ 75).
    expect(Math.abs(total - 5600)).toBeLessThan(300);
  });

  it('refuses a trace path that leaves the scenario directory', () => {
    const data = JSON.parse(readFileSync('test/fixtures/trace-replay.json', 'utf8'));
    data.traffic.trace = { timestamps: '../../package.json' };
    try {
      resolveScenarioData(data, 'test/fixtures/trace-replay.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).problems.map(formatProblem).join('\n')).toMatch(/traffic\.trace\.timestamps: .*outside/);
    }
  });

  it('a daily curve shapes the arrivals hour by hour', () => {
    const { scenario } = loadScenario('scenarios/erp-ha-drp.json');
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    // The expected count is the integral of the compiled rate profile (trapezoids between breakpoints).
    const expected = scenario.ratePoints.reduce((acc, [t, r], i, pts) => {
      const next = pts[i + 1];
      return next ? acc + ((r + next[1]) / 2) * (next[0] - t) : acc;
    }, 0);
    expect(Math.abs(s.requests.total - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });

  it('burstiness raises the dispersion of arrivals but keeps the mean when normalised', () => {
    const base = JSON.parse(readFileSync('test/fixtures/mm1-small.json', 'utf8'));
    base.traffic.burstiness = { kind: 'on-off', factor: 4, burstDuration: '20s', every: '100s', normalise: true };
    const { scenario } = resolveScenarioData(base, 'x.json');
    const totals = Array.from({ length: 6 }, (_, i) => {
      const r = runReplication(scenario, i);
      return r.ok + r.failed + r.inFlightAtEnd;
    });
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    // Normalised: the long-run mean stays 50/s × 1,900 s = 95,000 (bursts make the count noisier than Poisson).
    expect(Math.abs(mean / 95_000 - 1)).toBeLessThan(0.05);
    const sd = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / (totals.length - 1));
    expect(sd).toBeGreaterThan(3 * Math.sqrt(95_000)); // far above a Poisson count's √n
  });
});
