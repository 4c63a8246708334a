/**
 * Statistical validation of the simulator against queueing theory.
 *
 * Every simulated figure is compared with its closed form (test/support/erlang.ts)
 * through a confidence interval computed from the runs themselves: R
 * independent replications (`runReplication(scenario, i)`, i = 0..R−1, each
 * with its own derived seed) give R i.i.d. estimates, and a Student-t
 * interval at 99.9 % must contain the theoretical value. One test uses batch
 * means on a single long run instead. Every run discards a warm-up (the
 * model starts empty) that is many relaxation times long.
 *
 * Why 99.9 %: seeds are fixed, so a test either always passes or always
 * fails; the level only matters when someone changes how random numbers are
 * drawn (new seeds in effect). With about 40 interval checks, a correct
 * model then fails one of them with probability ≈ 4 % (the file passed with
 * the current seeds and with four other seed families).
 *
 * Power: each check also asserts that the interval is narrow (its
 * half-width is bounded, with a margin of ~1.5× over the half-widths
 * measured across seed families, since the half-width is random too), so a
 * test cannot pass by being vague. A shift of the estimated quantity by
 * more than about twice that bound fails. The comment on each test
 * translates this into the size of modelling error it detects, using the
 * sensitivity of the formula.
 *
 * Set QT_REPORT=1 to print measured vs theoretical values.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/build.js';
import { Constant, Exponential, LogNormal, type Distribution } from '../src/rng/distributions.js';
import { deriveStream } from '../src/rng/stream.js';
import { runReplication, type ReplicationResult } from '../src/run/replication.js';
import type { BalancerName, ResolvedScenario } from '../src/scenario/resolved.js';
import { batchMeans, confidenceInterval } from '../src/stats/confidence.js';
import { LatencyHistogram, MAX_RELATIVE_ERROR } from '../src/stats/latency-histogram.js';
import {
  erlangB,
  erlangC,
  md1MeanWait,
  mg1MeanWait,
  mm1MeanSojourn,
  mm1MeanWait,
  mmcMeanQueued,
  mmcMeanSojourn,
  mmcMeanWait,
  mmck,
  pkMeanWait,
} from './support/erlang.js';
import { balanced, mmckStation, scenario, singleStation, tandem, type RunSpec } from './support/scenarios.js';

const LEVEL = 0.999;
const REPORT = process.env.QT_REPORT === '1';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function replicate(s: ResolvedScenario, replications: number): ReplicationResult[] {
  return Array.from({ length: replications }, (_, i) => runReplication(s, i));
}

/** Mean end-to-end sojourn of the requests completed after warm-up [s] (exact sum, not histogram buckets). */
function meanSojourn(r: ReplicationResult): number {
  return r.latencyMs.sum / r.latencyMs.count / 1000;
}

/** Mean time spent in tier `ti` (queueing + service) [s]. */
function tierSojourn(r: ReplicationResult, ti: number): number {
  const h = r.tiers[ti]!.latencyMs;
  return h.sum / h.count / 1000;
}

/** Requests that arrived after warm-up: completed, failed, or still inside at the end. */
function arrivals(r: ReplicationResult): number {
  return r.ok + r.failed + r.inFlightAtEnd;
}

/** Fraction of the arrivals after warm-up that were rejected (queue full). */
function blockingRatio(r: ReplicationResult): number {
  return r.failedBy.rejected / arrivals(r);
}

function server(r: ReplicationResult, ti = 0, si = 0): ReplicationResult['tiers'][number]['servers'][number] {
  return r.tiers[ti]!.servers[si]!;
}

/**
 * The check all tests share: a t interval at LEVEL from i.i.d. samples must
 * contain `theory`, and its half-width must be below `maxRelHalfWidth`·|theory|
 * (or `maxAbsHalfWidth`), so that the test has the power claimed in its comment.
 */
function expectCovers(
  label: string,
  samples: number[],
  theory: number,
  bound: { maxRelHalfWidth?: number; maxAbsHalfWidth?: number; /** Known deterministic error of the estimator (e.g. histogram resolution), added to the half-width. */ allowance?: number },
): void {
  const ci = confidenceInterval(samples, LEVEL);
  const allowance = bound.allowance ?? 0;
  const rel = ci.halfWidth / Math.abs(theory);
  if (REPORT) {
    console.log(
      `${label}: measured ${ci.mean.toPrecision(6)} ± ${ci.halfWidth.toPrecision(3)} (${(LEVEL * 100).toFixed(1)} %, n=${ci.n}, ±${(rel * 100).toFixed(2)} %), theory ${theory.toPrecision(6)}, error ${(((ci.mean - theory) / theory) * 100).toFixed(2)} %`,
    );
  }
  expect(ci.n, `${label}: samples`).toBe(samples.length);
  expect(Math.abs(ci.mean - theory), `${label}: |mean − theory| vs ${LEVEL * 100} % half-width (mean ${ci.mean}, theory ${theory})`).toBeLessThanOrEqual(
    ci.halfWidth + allowance,
  );
  if (bound.maxRelHalfWidth !== undefined) expect(rel, `${label}: relative half-width`).toBeLessThan(bound.maxRelHalfWidth);
  if (bound.maxAbsHalfWidth !== undefined) expect(ci.halfWidth, `${label}: half-width`).toBeLessThan(bound.maxAbsHalfWidth);
}

function run(seed: string, durationSeconds: number, warmupSeconds: number): RunSpec {
  return { seed, durationSeconds, warmupSeconds };
}

// ---------------------------------------------------------------------------
// The closed forms themselves, against textbook values
// ---------------------------------------------------------------------------

describe('closed forms (test/support/erlang.ts)', () => {
  it('Erlang B matches published tables', () => {
    // Values of published Erlang B tables (any teletraffic handbook).
    expect(erlangB(10, 10)).toBeCloseTo(0.21458, 5);
    expect(erlangB(5, 10)).toBeCloseTo(0.018385, 6);
    expect(erlangB(1, 1)).toBe(0.5);
    expect(erlangB(2, 2)).toBeCloseTo(0.4, 15);
    expect(erlangB(3, 0)).toBe(1);
    expect(erlangB(0, 4)).toBe(0);
    // Stable for large c: E = c = 1000 ≈ 1/(√(πc/2) + 2/3) (Jagerman's asymptotic), no overflow.
    const big = erlangB(1000, 1000);
    expect(big).toBeGreaterThan(0.0245);
    expect(big).toBeLessThan(0.0250);
    expect(erlangB(5000, 4000)).toBeCloseTo(1 - 4000 / 5000, 2); // heavy overload: B → 1 − c/E
  });

  it('Erlang C matches hand computation and tables', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 15); // M/M/1: P(wait) = ρ
    // c = 8, a = 6.4 (ρ = 0.8): from the definition Σ form, computed independently.
    const a = 6.4;
    const c = 8;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < c; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    const top = (term * c) / (c - a); // a^c/c! · c/(c − a)
    expect(erlangC(c, a)).toBeCloseTo(top / (sum + top), 12);
    expect(() => erlangC(2, 2)).toThrow(RangeError);
  });

  it('M/M/1 and M/M/c means', () => {
    expect(mm1MeanSojourn(0.5, 1)).toBeCloseTo(2, 15);
    expect(mm1MeanSojourn(0.8, 1)).toBeCloseTo(5, 12);
    expect(mm1MeanWait(0.8, 1)).toBeCloseTo(4, 12);
    // M/M/c with c = 1 reduces to M/M/1.
    expect(mmcMeanSojourn(0.8, 1, 1)).toBeCloseTo(5, 12);
    // M/M/2, λ = 1, μ = 1: Wq = C/(cμ − λ) = (1/3)/1, W = 4/3.
    expect(mmcMeanWait(1, 1, 2)).toBeCloseTo(1 / 3, 15);
    expect(mmcMeanSojourn(1, 1, 2)).toBeCloseTo(4 / 3, 15);
    expect(mmcMeanQueued(1, 1, 2)).toBeCloseTo(1 / 3, 15);
  });

  it('Pollaczek–Khinchine: M/M/1 and M/D/1 special cases', () => {
    // Exponential service: E[S²] = 2/μ², PK gives back ρ/(μ − λ).
    expect(pkMeanWait(0.7, 1, 2)).toBeCloseTo(mm1MeanWait(0.7, 1), 12);
    expect(mg1MeanWait(0.7, 1, 1)).toBeCloseTo(mm1MeanWait(0.7, 1), 12);
    // M/D/1 waits half as long as M/M/1: ρ = 0.8, d = 1 → Wq = 0.8/(2·0.2) = 2.
    expect(md1MeanWait(0.8, 1)).toBeCloseTo(2, 12);
    expect(md1MeanWait(0.8, 1)).toBeCloseTo(mm1MeanWait(0.8, 1) / 2, 12);
    expect(() => pkMeanWait(1, 1, 1)).toThrow(RangeError);
  });

  it('M/M/c/K birth–death solution', () => {
    // M/M/1/K closed form: p_K = (1 − ρ)ρ^K / (1 − ρ^(K+1)).
    const rho = 0.9;
    const K = 5;
    expect(mmck(rho, 1, 1, K).blocking).toBeCloseTo(((1 - rho) * rho ** K) / (1 - rho ** (K + 1)), 14);
    // ρ = 1: uniform over 0..K.
    expect(mmck(1, 1, 1, 4).blocking).toBeCloseTo(1 / 5, 14);
    // M/M/c/c is the Erlang loss system.
    expect(mmck(10, 1, 10, 10).blocking).toBeCloseTo(erlangB(10, 10), 14);
    // c = 2, K = 5, ρ = 0.9 (a = 1.8): p_n ∝ 1, 1.8, 1.62, 1.458, 1.3122, 1.18098.
    const q = [1, 1.8, 1.62, 1.458, 1.3122, 1.18098];
    const total = q.reduce((s, x) => s + x, 0);
    const m = mmck(1.8, 1, 2, 5);
    expect(m.blocking).toBeCloseTo(1.18098 / total, 14);
    expect(m.meanQueued).toBeCloseTo((1.458 + 2 * 1.3122 + 3 * 1.18098) / total, 14);
    expect(m.meanInSystem - m.meanQueued).toBeCloseTo(m.meanBusy, 12); // carried load = mean busy slots
    // Large K tends to M/M/c.
    const wide = mmck(6.4, 1, 8, 2000);
    expect(wide.blocking).toBeLessThan(1e-100);
    expect(wide.meanWait).toBeCloseTo(mmcMeanWait(6.4, 1, 8), 10);
    // Overload stays finite (rescaling), and almost every place is taken.
    const over = mmck(50, 1, 1, 2000);
    expect(over.blocking).toBeCloseTo(1 - 1 / 50, 10);
  });
});

// ---------------------------------------------------------------------------
// The simulator against the closed forms
// ---------------------------------------------------------------------------

describe('single station vs queueing theory', () => {
  /*
   * M/M/1, μ = 1/s, ρ = 0.5: W = 1/(μ − λ) = 2 s.
   * 20 replications × 200 000 s (≈ 100 000 requests each), warm-up 1 000 s
   * (the relaxation time 1/(μ(1 − √ρ)²) is ≈ 12 s).
   * Power: the 99.9 % half-width is bounded by 1.5 % of W (measured 0.7–0.8 %),
   * so a shift of W by more than ≈ 3 % fails. dW/W = dS/S / (1 − ρ) = 2·dS/S:
   * service times off by 1.5 % (W = 2.06 s) fail.
   */
  it('M/M/1 mean sojourn at ρ = 0.5', () => {
    const lambda = 0.5;
    const mu = 1;
    const reps = replicate(singleStation({ lambda, service: new Exponential(1 / mu), run: run('qt-mm1-0.5', 200_000, 1_000) }), 20);
    expectCovers('M/M/1 ρ=0.5 W [s]', reps.map(meanSojourn), mm1MeanSojourn(lambda, mu), { maxRelHalfWidth: 0.015 });
  });

  /*
   * Beyond the mean: in FIFO M/M/1 the sojourn time is exponential with rate
   * μ − λ, so its q-quantile is −ln(1 − q)/(μ − λ): at ρ = 0.5, p50 = 1.386 s,
   * p90 = 4.605 s, p99 = 9.210 s. Quantiles come from the latency histogram,
   * whose values are within MAX_RELATIVE_ERROR (1/256) of the truth: that
   * known resolution is added to the 99.9 % half-width.
   * 20 replications × 200 000 s. Power: half-widths < 2 % (p50, p90) and
   * < 3 % (p99). The mean alone cannot see the queueing discipline (it is the
   * same for any order that ignores service times); this can: serving the
   * queue LIFO leaves W unchanged but moves p50 to 1.21 s (−13 %; checked
   * by mutating the server). A sojourn-time distribution with the right mean
   * but the wrong shape fails too.
   */
  it('M/M/1 sojourn-time distribution is exponential (FIFO) at ρ = 0.5', () => {
    const lambda = 0.5;
    const mu = 1;
    const reps = replicate(singleStation({ lambda, service: new Exponential(1 / mu), run: run('qt-mm1-quantiles', 200_000, 1_000) }), 20);
    const cases: Array<[number, number]> = [
      [0.5, 0.02],
      [0.9, 0.02],
      [0.99, 0.03],
    ];
    for (const [q, maxRel] of cases) {
      const theory = -Math.log(1 - q) / (mu - lambda);
      const perRep = reps.map((r) => LatencyHistogram.fromJSON(r.latencyMs).quantile(q) / 1000);
      expectCovers(`M/M/1 ρ=0.5 sojourn p${q * 100} [s]`, perRep, theory, { maxRelHalfWidth: maxRel, allowance: MAX_RELATIVE_ERROR * theory });
    }
  });

  /*
   * M/M/1, μ = 1/s, ρ = 0.8: W = 5 s. 20 replications × 400 000 s, warm-up
   * 2 000 s (relaxation time ≈ 90 s).
   * Power: half-width < 3 % of W (measured 1.3–1.8 %), so a shift of W by
   * 6 % fails. dW/W = 5·dS/S here: a service time off by 1.2 % fails
   * (off by 1 %: W = 5.26 s, +5.2 %, fails with the measured half-width).
   */
  it('M/M/1 mean sojourn at ρ = 0.8', () => {
    const lambda = 0.8;
    const mu = 1;
    const reps = replicate(singleStation({ lambda, service: new Exponential(1 / mu), run: run('qt-mm1-0.8', 400_000, 2_000) }), 20);
    expectCovers('M/M/1 ρ=0.8 W [s]', reps.map(meanSojourn), mm1MeanSojourn(lambda, mu), { maxRelHalfWidth: 0.03 });
  });

  /*
   * The same M/M/1 at ρ = 0.8 from ONE long run, by non-overlapping batch
   * means over the sequence of sojourn times (in completion order; FIFO
   * single server, so it is the arrival order too). 4·10⁶ s, 25 batches of
   * ≈ 128 000 requests (≫ the correlation length of W at ρ = 0.8, a few
   * hundred requests).
   * Power: half-width < 3.5 % of W (measured 1.3–1.9 %): a service time off
   * by 1.5 % (W +8 %) fails.
   */
  it('M/M/1 mean sojourn at ρ = 0.8 by batch means on one long run', () => {
    const lambda = 0.8;
    const warmup = 2_000;
    const s = singleStation({ lambda, service: new Exponential(1), run: run('qt-mm1-batch', 4_000_000, warmup) });
    const model = buildModel(s, s.run.seed);
    const series: number[] = [];
    const outcomes = model.outcomes;
    // The flow reports successes through the double-free door (doubles in `pending…` fields).
    const succeeded = outcomes.succeededPending.bind(outcomes);
    outcomes.succeededPending = (cls: number, site: number): void => {
      if (outcomes.pendingArrivalSeconds >= warmup) series.push(outcomes.pendingLatencyMs / 1000);
      succeeded(cls, site);
    };
    model.sim.run({ untilSeconds: s.run.durationSeconds });
    expect(series.length).toBe(outcomes.ok);
    const bm = batchMeans(series, 25, LEVEL);
    const theory = mm1MeanSojourn(lambda, 1);
    if (REPORT) console.log(`batch means M/M/1 ρ=0.8: ${bm.mean} ± ${bm.halfWidth} (batch ${bm.batchSize}, r1 ${bm.lag1Autocorrelation.toFixed(3)}), theory ${theory}`);
    expect(Math.abs(bm.mean - theory)).toBeLessThanOrEqual(bm.halfWidth);
    expect(bm.halfWidth / theory).toBeLessThan(0.035);
    // Batches long enough to be nearly independent (the estimate of r1 from 25 batches has sd ≈ 0.2).
    expect(Math.abs(bm.lag1Autocorrelation)).toBeLessThan(0.6);
  });

  /*
   * M/M/8, μ = 1/s, ρ = 0.8 (λ = 6.4/s): W = 1/μ + C(8, 6.4)/(8μ − λ) ≈ 1.2860 s,
   * P(wait) = C ≈ 0.4576. 40 replications × 40 000 s, warm-up 500 s.
   * Power: half-width < 0.9 % of W (measured 0.45–0.55 %), so a shift of W
   * by 1.8 % fails: a service time off by 1 % moves W to 1.322 s (+2.8 %). The
   * slot count matters even more: M/M/7 or M/M/9 at the same λ give
   * W ≈ 2.26 / 1.10 s.
   */
  it('M/M/c (c = 8, ρ = 0.8) mean sojourn vs Erlang C', () => {
    const lambda = 6.4;
    const mu = 1;
    const c = 8;
    const reps = replicate(singleStation({ lambda, service: new Exponential(1 / mu), slots: c, run: run('qt-mm8', 40_000, 500) }), 40);
    expectCovers('M/M/8 ρ=0.8 W [s]', reps.map(meanSojourn), mmcMeanSojourn(lambda, mu, c), { maxRelHalfWidth: 0.009 });
    // Waiting part alone (W − 1/μ): the Erlang C term C/(cμ − λ) ≈ 0.2860 s.
    expectCovers('M/M/8 ρ=0.8 Wq [s]', reps.map((r) => meanSojourn(r) - 1 / mu), mmcMeanWait(lambda, mu, c), { maxRelHalfWidth: 0.04 });
    // Utilisation of the multi-slot server: busy slots / c = ρ (a 1 % service error moves it by 0.008).
    expectCovers('M/M/8 utilisation', reps.map((r) => server(r).utilisation), lambda / (c * mu), { maxAbsHalfWidth: 0.0025 });
    // Little's law against theory: time-averaged waiting requests Lq = λ·Wq ≈ 1.8306.
    expectCovers('M/M/8 meanQueued', reps.map((r) => server(r).meanQueued), mmcMeanQueued(lambda, mu, c), { maxRelHalfWidth: 0.035 });
  });

  /*
   * M/M/2/5 (c = 2, K = 5 → queueLimit 3), ρ = λ/(cμ) = 0.9: blocking
   * p_5 ≈ 0.1411 from the birth–death chain; by PASTA it is the fraction of
   * arrivals rejected. 20 replications × 50 000 s, warm-up 200 s.
   * Power: half-width < 2.2 % of p_K (measured ≈ 1.3 %), so a shift of p_K
   * by 4.4 % fails. An off-by-one in the capacity (K = 4 → 0.1825, K = 6 → 0.1127)
   * or a queue limit that counts the slots (K = 3 → 0.2480) is off by
   * > 20 %; a service time off by 5 % gives 0.1592 (+13 %), off by 2 %
   * 0.1483 (+5 %).
   */
  it('M/M/c/K blocking probability (c = 2, K = 5, ρ = 0.9)', () => {
    const lambda = 1.8;
    const mu = 1;
    const c = 2;
    const K = 5;
    const theory = mmck(lambda, mu, c, K);
    const reps = replicate(mmckStation(lambda, mu, c, K, run('qt-mm2-5', 50_000, 200)), 20);
    expectCovers('M/M/2/5 blocking', reps.map(blockingRatio), theory.blocking, { maxRelHalfWidth: 0.022 });
    // Rejections are counted once, by the server and in the outcome.
    for (const r of reps) expect(server(r).rejected).toBe(r.failedBy.rejected);
    // Carried load (utilisation = a(1 − p_K)/c) and waiting requests on the finite chain.
    expectCovers('M/M/2/5 utilisation', reps.map((r) => server(r).utilisation), theory.meanBusy / c, { maxAbsHalfWidth: 0.004 });
    expectCovers('M/M/2/5 meanQueued', reps.map((r) => server(r).meanQueued), theory.meanQueued, { maxRelHalfWidth: 0.02 });
    // Sojourn of the accepted requests: W = L/λ_eff.
    expectCovers('M/M/2/5 W of accepted [s]', reps.map(meanSojourn), theory.meanSojourn, { maxRelHalfWidth: 0.012 });
    // Nothing waits beyond the room.
    for (const r of reps) expect(server(r).maxQueued).toBeLessThanOrEqual(K - c);
  });

  /*
   * Loss system M/M/10/10 offered E = 10 Erlangs: Erlang B ≈ 0.2146.
   * 20 replications × 20 000 s, warm-up 50 s.
   * Power: half-width < 1.2 % of B (measured 0.5–0.7 %), so a shift of B by
   * 2.4 % fails: a service time (or arrival rate) off by 2 % gives
   * B(10.2, 10) = 0.2238 (+4.3 %); one slot more or less gives B = 0.1632 /
   * 0.2732.
   */
  it('M/M/c/c blocking vs Erlang B (E = 10, c = 10)', () => {
    const reps = replicate(mmckStation(10, 1, 10, 10, run('qt-erlang-b', 20_000, 50)), 20);
    expectCovers('M/M/10/10 blocking', reps.map(blockingRatio), erlangB(10, 10), { maxRelHalfWidth: 0.012 });
    for (const r of reps) expect(server(r).maxQueued).toBe(0);
  });

  /*
   * Erlang B is insensitive to the service-time distribution beyond its
   * mean: M/G/10/10 with lognormal service (mean 1 s, cv 1.5) still blocks
   * with probability B(10, 10). A model that served a different mean (e.g.
   * the median exp(μ) ≈ 0.55 s instead of the mean: B(5.5, 10) ≈ 0.029)
   * would fail by far. Half-width < 1.5 % of B (measured ≈ 0.8 %): a mean
   * service time off by 2 % fails.
   */
  it('M/G/c/c blocking is insensitive (lognormal service, cv = 1.5)', () => {
    const s = singleStation({ lambda: 10, service: LogNormal.fromMeanCv(1, 1.5), slots: 10, queueLimit: 0, run: run('qt-erlang-b-ln', 20_000, 50) });
    const reps = replicate(s, 20);
    expectCovers('M/LN/10/10 blocking', reps.map(blockingRatio), erlangB(10, 10), { maxRelHalfWidth: 0.015 });
  });

  /*
   * M/D/1, d = 1 s, ρ = 0.7: PK gives Wq = ρd/(2(1 − ρ)) ≈ 1.1667 s. The wait
   * is the sojourn minus d exactly. 20 replications × 400 000 s, warm-up 1 000 s.
   * Power: half-width < 2 % of Wq (measured ≈ 1.1 %), so a shift of Wq by
   * 4 % fails: a service time off by 1 % (+4.5 %), off by 2 % (Wq = 1.273 s,
   * +9 %). Exponential instead of constant service would double Wq.
   */
  it('M/D/1 mean waiting time vs Pollaczek–Khinchine', () => {
    const lambda = 0.7;
    const d = 1;
    const reps = replicate(singleStation({ lambda, service: new Constant(d), run: run('qt-md1', 400_000, 1_000) }), 20);
    expectCovers('M/D/1 ρ=0.7 Wq [s]', reps.map((r) => meanSojourn(r) - d), md1MeanWait(lambda, d), { maxRelHalfWidth: 0.02 });
    // Little's law on the simulated queue: time-averaged waiting requests Lq = λ·Wq.
    expectCovers('M/D/1 meanQueued', reps.map((r) => server(r).meanQueued), lambda * md1MeanWait(lambda, d), { maxRelHalfWidth: 0.02 });
  });

  /*
   * M/G/1 with lognormal service, mean 1 s, cv = 1.5 (E[S²] = 3.25 s²),
   * ρ = 0.6: PK gives Wq = λE[S²]/(2(1 − ρ)) = 2.4375 s. Lognormal service has
   * a heavy (all-moments-finite) tail, so the estimate converges slowly:
   * 24 replications × 600 000 s, warm-up 2 000 s. Wq = W − E[S] per
   * replication (the realised mean service varies around E[S]; the interval
   * includes that noise).
   * Power: half-width < 3.5 % of Wq (measured ≈ 2 %), so a shift of Wq by
   * 7 % fails: a sampler with the wrong cv (1.4 instead of 1.5: Wq = 2.22 s,
   * −9 %) or a mean off by 2 % (Wq = 2.614 s, +7.3 %); exponential service
   * (Wq = 1.5 s) by far.
   */
  it('M/G/1 (lognormal service, cv = 1.5) mean waiting time vs Pollaczek–Khinchine', () => {
    const lambda = 0.6;
    const service = LogNormal.fromMeanCv(1, 1.5);
    const reps = replicate(singleStation({ lambda, service, run: run('qt-mg1-ln', 600_000, 2_000) }), 24);
    const theory = pkMeanWait(lambda, service.mean, service.variance + service.mean ** 2);
    expect(theory).toBeCloseTo(mg1MeanWait(lambda, 1, 1.5), 12);
    expectCovers('M/LN/1 ρ=0.6 Wq [s]', reps.map((r) => meanSojourn(r) - service.mean), theory, { maxRelHalfWidth: 0.035 });
  });
});

describe('networks of stations', () => {
  /*
   * Two M/M/1 stations in tandem (Jackson network; by Burke's theorem the
   * departures of the first are Poisson(λ), so the second is M/M/1 too):
   * λ = 0.5, μ₁ = 1, μ₂ = 0.8 → W₁ = 2 s, W₂ = 1/0.3 ≈ 3.333 s, end-to-end
   * W = 5.333 s. 20 replications × 200 000 s, warm-up 2 000 s.
   * Power: half-widths < 1.5 % end-to-end and < 2.2 % per station (measured
   * 0.5–1.2 %), so shifts of 3–4.4 % fail: a 2 % service error at station 2
   * moves W₂ by 5.5 % (5 % → 3.82 s, +14 %). A second station served at μ₁
   * by mistake (W₂ = 2 s) or a request skipping a station fails by far.
   */
  it('tandem of two M/M/1: end-to-end sojourn is the sum (Jackson/Burke)', () => {
    const lambda = 0.5;
    const mu1 = 1;
    const mu2 = 0.8;
    const s = tandem(lambda, [{ service: new Exponential(1 / mu1) }, { service: new Exponential(1 / mu2) }], run('qt-tandem', 200_000, 2_000));
    const reps = replicate(s, 20);
    const w1 = mm1MeanSojourn(lambda, mu1);
    const w2 = mm1MeanSojourn(lambda, mu2);
    expectCovers('tandem W end-to-end [s]', reps.map(meanSojourn), w1 + w2, { maxRelHalfWidth: 0.015 });
    expectCovers('tandem W station 1 [s]', reps.map((r) => tierSojourn(r, 0)), w1, { maxRelHalfWidth: 0.022 });
    expectCovers('tandem W station 2 [s]', reps.map((r) => tierSojourn(r, 1)), w2, { maxRelHalfWidth: 0.022 });
    expectCovers('tandem utilisation 1', reps.map((r) => server(r, 0).utilisation), lambda / mu1, { maxAbsHalfWidth: 0.005 });
    expectCovers('tandem utilisation 2', reps.map((r) => server(r, 1).utilisation), lambda / mu2, { maxAbsHalfWidth: 0.005 });
    for (const r of reps) {
      // Every request completed end-to-end went through both stations.
      expect(r.tiers[1]!.latencyMs.count).toBe(r.ok);
      // Per-station sojourns add up to the end-to-end sojourn (tandem: no time between stations).
      const sum = r.tiers[0]!.latencyMs.sum + r.tiers[1]!.latencyMs.sum;
      expect(Math.abs(sum - r.latencyMs.sum) / r.latencyMs.sum).toBeLessThan(0.01);
    }
  });
});

describe('utilisation and Little’s law', () => {
  /*
   * Utilisation of each server behind a balancer = its arrival rate × mean
   * service time ÷ (speed · slots), whatever the balancer and whatever the
   * (non-Poisson) split of the arrivals:
   * - round-robin, 3 identical servers, λ = 2.4/s, S = 1 s → 0.8 each;
   * - random, same → 0.8 each;
   * - weighted round-robin, weights 1:2:3, λ = 2.4/s, S = 0.5 s → 0.2, 0.4, 0.6;
   * - round-robin over a speed-1 server (1 slot) and a speed-2 server with
   *   2 slots, λ = 1/s, S = 1 s → 0.5·1/1 = 0.5 and 0.5·(1/2)/2 = 0.125.
   * 20 replications × 50 000 s, warm-up 500 s. Power: 99.9 % half-widths
   * < 0.008–0.009 absolute at ρ = 0.8 (measured 0.003–0.0053) and < 0.005 at
   * lower loads, so a shift of 0.016–0.018 fails: a service time off by 2 %
   * moves 0.8 by 0.016 (off by 1 % already fails with the measured
   * half-widths); ignoring weights, speed or slots is off by far more.
   */
  const cases: Array<{
    label: string;
    balancer: BalancerName;
    lambda: number;
    mean: number;
    servers: Array<{ weight?: number; speed?: number; slots?: number }>;
    expected: number[];
    maxAbsHalfWidth: number;
  }> = [
    { label: 'round-robin ×3', balancer: 'round-robin', lambda: 2.4, mean: 1, servers: [{}, {}, {}], expected: [0.8, 0.8, 0.8], maxAbsHalfWidth: 0.008 },
    { label: 'random ×3', balancer: 'random', lambda: 2.4, mean: 1, servers: [{}, {}, {}], expected: [0.8, 0.8, 0.8], maxAbsHalfWidth: 0.009 },
    {
      label: 'weighted 1:2:3',
      balancer: 'weighted-round-robin',
      lambda: 2.4,
      mean: 0.5,
      servers: [{ weight: 1 }, { weight: 2 }, { weight: 3 }],
      expected: [0.2, 0.4, 0.6],
      maxAbsHalfWidth: 0.005,
    },
    {
      label: 'speed 1 vs speed 2 (2 slots)',
      balancer: 'round-robin',
      lambda: 1,
      mean: 1,
      servers: [{}, { speed: 2, slots: 2 }],
      expected: [0.5, 0.125],
      maxAbsHalfWidth: 0.005,
    },
  ];
  for (const k of cases) {
    it(`utilisation per server ≈ ρ: ${k.label}`, () => {
      const s = balanced({ lambda: k.lambda, service: new Exponential(k.mean), balancer: k.balancer, servers: k.servers, run: run(`qt-util-${k.label}`, 50_000, 500) });
      const reps = replicate(s, 20);
      k.expected.forEach((rho, si) => {
        expectCovers(`${k.label} utilisation server ${si}`, reps.map((r) => server(r, 0, si).utilisation), rho, { maxAbsHalfWidth: k.maxAbsHalfWidth });
      });
    });
  }

  /*
   * Property: utilisation is a fraction of slot-time, in [0, 1], and the
   * time-averaged queue is within [0, queueLimit], for any load — overload
   * (ρ up to 3) included, bounded or unbounded rooms, several slots and
   * speeds, any balancer and warm-up. 40 random small scenarios (seeded).
   */
  it('property: 0 ≤ utilisation ≤ 1 and 0 ≤ meanQueued ≤ queueLimit in random scenarios', () => {
    const rng = deriveStream('qt-property', 'generator');
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
    const services: Array<(m: number) => Distribution> = [(m) => new Exponential(m), (m) => new Constant(m), (m) => LogNormal.fromMeanCv(m, 2)];
    let overloaded = 0;
    for (let k = 0; k < 40; k++) {
      const n = 1 + Math.floor(rng.next() * 3);
      const slots = pick([1, 2, 4]);
      const queueLimit = pick([0, 1, 5, Infinity]);
      const mean = 0.05 + rng.next() * 0.2;
      const rho = 0.1 + rng.next() * 2.9;
      const speeds = Array.from({ length: n }, () => pick([0.5, 1, 2]));
      const capacity = speeds.reduce((a, sp) => a + (sp * slots) / mean, 0);
      const duration = 200 + rng.next() * 300;
      const s = scenario({
        name: `property ${k}`,
        lambda: rho * capacity,
        stations: [
          {
            name: 'farm',
            service: pick(services)(mean),
            balancer: pick(['round-robin', 'random', 'least-connections', 'power-of-two', 'weighted-round-robin'] as const),
            servers: speeds.map((speed) => ({ speed, weight: 1 + Math.floor(rng.next() * 3) })),
            slots,
            queueLimit,
          },
        ],
        run: run(`qt-property-${k}`, duration, pick([0, 10, duration / 2])),
      });
      if (rho > 1) overloaded++;
      const r = runReplication(s, 0);
      for (const sv of r.tiers[0]!.servers) {
        expect(sv.utilisation, `${s.name} ${sv.name}`).toBeGreaterThanOrEqual(0);
        expect(sv.utilisation, `${s.name} ${sv.name}`).toBeLessThanOrEqual(1);
        expect(sv.meanQueued, `${s.name} ${sv.name}`).toBeGreaterThanOrEqual(0);
        expect(sv.meanQueued, `${s.name} ${sv.name}`).toBeLessThanOrEqual(queueLimit);
        expect(sv.maxQueued).toBeLessThanOrEqual(queueLimit);
      }
    }
    expect(overloaded).toBeGreaterThan(5);
  });

  /*
   * Little's law inside the simulator: the time-averaged number waiting
   * (meanQueued, a time integral kept by the server) equals the arrival rate
   * times the mean wait measured on requests (sojourn − E[S]). Per
   * replication the difference D = meanQueued − λ̂·(W − E[S]), λ̂ the
   * measured arrival rate, has mean ≈ 0 (edge effects are of relative size
   * W/T ≈ 3·10⁻⁵, and E[S] in place of the realised mean service adds
   * zero-mean noise); its 99.9 % interval must contain 0. M/M/1 at ρ = 0.8
   * (Lq = 3.2), 20 replications × 200 000 s, warm-up 10 000 s.
   * Power: the interval on D is < 0.5 % of Lq wide (measured ≈ 0.04 %), so
   * any inconsistency of more than ≈ 1 % between the time integral and the
   * request times fails, e.g. a queue integral that misses some changes, or
   * one averaged over the whole run instead of the measured window (−5 %
   * here). Against theory (Lq = ρ²/(1 − ρ)) the half-width is < 4 %: a
   * 1 % service error (Lq = 3.40, +6 %) fails. (Measured: D's half-width
   * 0.05–0.06 % of Lq; Lq's 2.0–2.4 %.)
   */
  it('Little’s law: meanQueued ≈ λ × mean waiting time', () => {
    const lambda = 0.8;
    const mu = 1;
    const s = singleStation({ lambda, service: new Exponential(1 / mu), run: run('qt-little', 200_000, 10_000) });
    const reps = replicate(s, 20);
    const lq = lambda * mm1MeanWait(lambda, mu);
    const diffs = reps.map((r) => {
      const rate = arrivals(r) / r.measuredSeconds;
      return server(r).meanQueued - rate * (meanSojourn(r) - 1 / mu);
    });
    const ci = confidenceInterval(diffs, LEVEL);
    if (REPORT) console.log(`Little M/M/1 ρ=0.8: meanQueued − λ̂Wq = ${ci.mean} ± ${ci.halfWidth} (Lq = ${lq})`);
    expect(Math.abs(ci.mean)).toBeLessThanOrEqual(ci.halfWidth);
    expect(ci.halfWidth / lq).toBeLessThan(0.005);
    // And against the theory: Lq = λ·Wq = ρ²/(1 − ρ) = 3.2.
    expectCovers('M/M/1 ρ=0.8 meanQueued', reps.map((r) => server(r).meanQueued), lq, { maxRelHalfWidth: 0.04 });
  });
});
