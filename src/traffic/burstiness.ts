/**
 * Burstiness: a Markov-modulated Poisson process (MMPP) on top of a rate
 * profile. A hidden continuous-time Markov chain with k states multiplies the
 * profile's rate: while the chain is in state i the arrival rate is
 * m_i · λ(t) [req/s].
 *
 * Assumptions of the model:
 * - holding times are exponential, with mean h_i [s] in state i (so the
 *   chain is memoryless: "a burst every 5 min on average" means burst starts
 *   form, roughly, a Poisson stream, not a clock);
 * - on leaving state i the chain jumps to j ≠ i with probability P_ij (the
 *   jump matrix; by default uniformly to one of the other states);
 * - the modulation is independent of the profile and of the arrivals;
 * - unless `initialState` is given, the chain starts in its stationary
 *   distribution, so the modulation is stationary from t = 0 and the
 *   theoretical moments below apply from the start.
 *
 * Normalisation. By default multipliers are taken as given: the profile is
 * the rate *outside* bursts ("normal traffic, ×3 during bursts") and bursts
 * add volume; the long-run mean rate is m̄ · λ with m̄ = Σ π_i m_i
 * ({@link stationaryMeanMultiplier}). With `normalise: true` the multipliers
 * are divided by m̄, so the profile is the long-run *mean* rate and the
 * modulation only regroups the same volume into bursts.
 *
 * Exact sampling ({@link nextModulatedArrival}). Between two switches of the
 * chain the rate is m · λ(t), whose cumulative is m · Λ(t): the next arrival
 * from t is the profile's inversion with Exp(1)/m. If that candidate falls
 * after the next switch s, there is no arrival in [t, s]; since the Poisson
 * process is memoryless, restarting at s with a fresh Exp(1) and the new
 * multiplier is exact, not an approximation (no thinning, no time step).
 */
import type { RandomStream } from '../rng/stream.js';
import type { RateProfile } from './rate-profile.js';

/** A general k-state modulation. */
export interface MarkovModulationSpec {
  kind: 'markov';
  /** Rate multiplier in each state (≥ 0, at least one > 0). */
  multipliers: readonly number[];
  /** Mean holding time in each state [s] (finite, > 0). */
  meanHoldingTimes: readonly number[];
  /**
   * Jump probabilities P[i][j] of going to j when leaving i: rows sum to 1,
   * diagonal 0. Default: uniform over the other states (alternation for 2).
   */
  transitions?: ReadonlyArray<readonly number[]>;
  /** Divide multipliers by their stationary mean (see the module header). Default false. */
  normalise?: boolean;
  /** State at t = 0; default: drawn from the stationary distribution. */
  initialState?: number;
}

/** Two states: calm (multiplier 1) and burst (multiplier `factor`). */
export interface OnOffBurstSpec {
  kind: 'on-off';
  /** Multiplier during a burst (≥ 0; e.g. 3). */
  factor: number;
  /** Mean burst duration [s] (e.g. 30). */
  meanBurstDuration: number;
  /**
   * Mean time from one burst's start to the next one's [s] (e.g. 300 for
   * "every 5 min"); must exceed `meanBurstDuration`. The mean calm period is
   * the difference.
   */
  meanInterval: number;
  /** Divide multipliers by their stationary mean. Default false. */
  normalise?: boolean;
  /** 'calm' or 'burst' at t = 0; default: drawn from the stationary distribution. */
  initialState?: 'calm' | 'burst';
}

export type BurstinessSpec = MarkovModulationSpec | OnOffBurstSpec;

/**
 * The compiled chain: states, multipliers (after normalisation), generator
 * and stationary distribution. Immutable; shareable across modulators.
 */
export class ModulationModel {
  /** Number of states. */
  readonly states: number;
  /** Multiplier per state (normalised if the spec asked). */
  readonly multipliers: Float64Array;
  /** Mean holding time per state [s]. */
  readonly meanHoldingTimes: Float64Array;
  /** Cumulative jump probabilities, row-major k×k, each row ending at 1. */
  readonly jumpCumulative: Float64Array;
  /** Stationary distribution π of the chain (fraction of time in each state). */
  readonly stationary: Float64Array;
  /** Stationary mean multiplier Σ π_i m_i (1 when normalised). */
  readonly meanMultiplier: number;
  /** Fixed initial state, or -1 for "draw from π". */
  readonly initialState: number;
  /** Generator matrix Q [1/s]: q_ij = P_ij / h_i, q_ii = -1/h_i. */
  readonly generator: number[][];

  constructor(spec: BurstinessSpec) {
    let mult: number[];
    let hold: number[];
    let jumps: number[][] | undefined;
    let init = -1;
    if (spec.kind === 'on-off') {
      if (!(spec.factor >= 0) || !Number.isFinite(spec.factor)) throw new RangeError(`on-off factor must be a finite multiplier ≥ 0, got ${spec.factor}`);
      requireDuration('meanBurstDuration', spec.meanBurstDuration);
      requireDuration('meanInterval', spec.meanInterval);
      if (!(spec.meanInterval > spec.meanBurstDuration)) {
        throw new RangeError(`meanInterval (${spec.meanInterval} s, burst start to burst start) must exceed meanBurstDuration (${spec.meanBurstDuration} s)`);
      }
      mult = [1, spec.factor];
      hold = [spec.meanInterval - spec.meanBurstDuration, spec.meanBurstDuration];
      if (spec.initialState !== undefined) init = spec.initialState === 'burst' ? 1 : 0;
    } else {
      mult = [...spec.multipliers];
      hold = [...spec.meanHoldingTimes];
      const k = mult.length;
      if (k === 0) throw new RangeError('a Markov modulation needs at least one state');
      if (hold.length !== k) throw new RangeError(`meanHoldingTimes has ${hold.length} entries for ${k} multipliers`);
      mult.forEach((m, i) => {
        if (!(m >= 0) || !Number.isFinite(m)) throw new RangeError(`multipliers[${i}] must be finite and ≥ 0, got ${m}`);
      });
      hold.forEach((h, i) => requireDuration(`meanHoldingTimes[${i}]`, h));
      if (spec.transitions !== undefined) {
        const P = spec.transitions;
        if (P.length !== k || P.some((row) => row.length !== k)) throw new RangeError(`transitions must be a ${k}×${k} matrix`);
        P.forEach((row, i) => {
          row.forEach((p, j) => {
            if (!(p >= 0 && p <= 1)) throw new RangeError(`transitions[${i}][${j}] must be a probability in [0, 1], got ${p}`);
          });
          if (k > 1 && row[i] !== 0) throw new RangeError(`transitions[${i}][${i}] must be 0 (a holding time ends with a change of state)`);
          const sum = row.reduce((a, b) => a + b, 0);
          if (k > 1 && Math.abs(sum - 1) > 1e-9) throw new RangeError(`transitions[${i}] must sum to 1, got ${sum}`);
        });
        jumps = P.map((row) => [...row]);
      }
      if (spec.initialState !== undefined) {
        if (!Number.isInteger(spec.initialState) || spec.initialState < 0 || spec.initialState >= k) {
          throw new RangeError(`initialState must be a state index 0 … ${k - 1}, got ${spec.initialState}`);
        }
        init = spec.initialState;
      }
    }
    const k = mult.length;
    jumps ??= Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 0 : 1 / (k - 1))));
    const Q = jumps.map((row, i) => row.map((p, j) => (i === j ? (k === 1 ? 0 : -1 / hold[i]!) : p / hold[i]!)));
    const pi = k === 1 ? [1] : stationaryOf(Q);
    let mean = 0;
    for (let i = 0; i < k; i++) mean += pi[i]! * mult[i]!;
    if (!(mean > 0)) throw new RangeError('the stationary mean multiplier is 0: at least one visited state needs a multiplier > 0');
    if (spec.normalise === true) {
      mult = mult.map((m) => m / mean);
      mean = 1;
    }
    this.states = k;
    this.multipliers = Float64Array.from(mult);
    this.meanHoldingTimes = Float64Array.from(k === 1 ? [Infinity] : hold);
    this.jumpCumulative = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      let acc = 0;
      for (let j = 0; j < k; j++) this.jumpCumulative[i * k + j] = acc += jumps[i]![j]!;
      this.jumpCumulative[i * k + k - 1] = 1;
    }
    this.stationary = Float64Array.from(pi);
    this.meanMultiplier = mean;
    this.initialState = init;
    this.generator = Q;
  }
}

function requireDuration(what: string, s: number): void {
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`${what} must be a finite duration > 0 [s], got ${s}`);
}

/**
 * The modulating chain's state as a simulation runs. The traffic source owns
 * one, reads `multiplier`, and lets {@link nextModulatedArrival} call
 * `switchState` when `nextSwitchTime` is reached. Allocation-free after
 * construction; draws come from its own stream so adding burstiness does not
 * shift the source's other draws.
 */
export class RateModulator {
  readonly model: ModulationModel;
  private readonly rng: RandomStream;
  /** Current state index. */
  state = 0;
  /** Current rate multiplier. */
  multiplier = 1;
  /** Simulated time [s] at which the state next changes (Infinity for one state). */
  nextSwitchTime = Infinity;

  /**
   * @param spec the modulation, or an already compiled model.
   * @param rng stream for the chain's draws (initial state, holding times, jumps).
   * @param startTime simulated time [s] the chain starts at. Default 0.
   */
  constructor(spec: BurstinessSpec | ModulationModel, rng: RandomStream, startTime = 0) {
    this.model = spec instanceof ModulationModel ? spec : new ModulationModel(spec);
    this.rng = rng;
    this.reset(startTime);
  }

  /** Restart the chain at `startTime` [s] (a new replication): initial state, then a holding time. */
  reset(startTime = 0): void {
    const m = this.model;
    let s = m.initialState;
    if (s < 0) {
      // Stationary start. The residual holding time of a stationary chain in
      // state i is again Exp(mean h_i) (memorylessness), so this start is exact.
      const u = this.rng.next();
      const pi = m.stationary;
      let acc = 0;
      s = m.states - 1;
      for (let i = 0; i < m.states; i++) {
        acc += pi[i]!;
        if (u < acc) {
          s = i;
          break;
        }
      }
    }
    this.enter(s, startTime);
  }

  /** Leave the current state at time `now` [s] (normally `nextSwitchTime`) for the next one. */
  switchState(now: number): void {
    const m = this.model;
    const k = m.states;
    if (k === 1) return;
    const u = this.rng.next();
    const cum = m.jumpCumulative;
    const row = this.state * k;
    let j = 0;
    while (j < k - 1 && u >= cum[row + j]!) j++;
    this.enter(j, now);
  }

  /** Apply every switch due at or before `t` [s] (e.g. after the source was idle). */
  advanceTo(t: number): void {
    while (this.nextSwitchTime <= t) this.switchState(this.nextSwitchTime);
  }

  private enter(s: number, now: number): void {
    const m = this.model;
    this.state = s;
    this.multiplier = m.multipliers[s]!;
    const h = m.meanHoldingTimes[s]!;
    // Exp(mean h) by inversion; 1 − u ∈ (0, 1] keeps the log finite.
    this.nextSwitchTime = h === Infinity ? Infinity : now - h * Math.log(1 - this.rng.next());
  }
}

/**
 * The next arrival after `t` [s] of the process with rate
 * modulator.multiplier(s) · λ(s), advancing the modulator through every
 * switch before it. Exact (see the module header).
 *
 * @param profile the base rate λ [req/s]; call with non-decreasing `t`.
 * @param modulator the chain, positioned at or before `t`.
 * @param t current time [s].
 * @param e an Exp(1) draw for this arrival.
 * @param rng stream for the fresh Exp(1) drawn after each switch (one
 *   uniform per switch; may be the source's own stream).
 * @returns the arrival time, or Infinity if no arrival can ever come.
 *
 * Why a fresh draw rather than the leftover of `e`: both are exact (the
 * leftover of an exponential past a threshold is again Exp(1)), but the
 * leftover needs the profile's area up to the switch, which RateProfile
 * computes from its first piece; one uniform per switch is cheaper.
 */
export function nextModulatedArrival(profile: RateProfile, modulator: RateModulator, t: number, e: number, rng: RandomStream): number {
  modulator.advanceTo(t);
  for (;;) {
    const m = modulator.multiplier;
    const s = modulator.nextSwitchTime;
    if (m > 0) {
      const x = profile.nextArrival(t, e / m);
      if (x <= s) return x;
      // Infinity means the profile falls to 0 for good before the area e/m is
      // reached. If nothing at all is left after t, no state can produce an
      // arrival: stop instead of switching forever. (Rare: only near the end
      // of a profile that ends at 0, so the O(pieces) area is affordable.)
      if (x === Infinity && !(profile.expectedArrivals(t, 1e300) > 0)) return Infinity;
    } else if (s === Infinity) {
      return Infinity;
    }
    t = s;
    modulator.switchState(s);
    e = -Math.log(1 - rng.next());
  }
}

/** Σ π_i m_i: the long-run mean multiplier (1 when normalised). */
export function stationaryMeanMultiplier(spec: BurstinessSpec | ModulationModel): number {
  return (spec instanceof ModulationModel ? spec : new ModulationModel(spec)).meanMultiplier;
}

/**
 * Theoretical index of dispersion of counts, Var N(T) / E N(T), of the
 * stationary MMPP with a constant base rate `baseRate` [req/s] in windows of
 * `window` [s] (Infinity: the limit T → ∞). 1 for a Poisson process; the
 * excess measures burstiness at that time scale.
 *
 * With Λ_i = baseRate · m_i, λ̄ = Σ π_i Λ_i, deviation matrix
 * D = (1π − Q)⁻¹ − 1π, and a = (π_i Λ_i)_i, the doubly stochastic Poisson
 * variance Var N = E[∫λ] + Var[∫λ] gives
 *   Var N(T) = λ̄T + 2·aᵀ [T·D − (I − e^{QT})·D²] Λ.
 * For two states with total switching rate r = 1/h₁ + 1/h₂ this is
 *   1 + 2π₁π₂(Λ₁ − Λ₂)² / (λ̄ r) · [1 − (1 − e^{−rT}) / (rT)].
 */
export function indexOfDispersion(spec: BurstinessSpec | ModulationModel, baseRate: number, window: number): number {
  const model = spec instanceof ModulationModel ? spec : new ModulationModel(spec);
  if (!(baseRate > 0) || !Number.isFinite(baseRate)) throw new RangeError(`baseRate must be a finite rate > 0 [req/s], got ${baseRate}`);
  if (!(window > 0)) throw new RangeError(`window must be > 0 [s], got ${window}`);
  const k = model.states;
  if (k === 1) return 1;
  const pi = Array.from(model.stationary);
  const L = Array.from(model.multipliers, (m) => m * baseRate);
  const lbar = pi.reduce((acc, p, i) => acc + p * L[i]!, 0);
  const Q = model.generator;
  const Pi = pi.map(() => pi.slice());
  const Z = invert(Pi.map((row, i) => row.map((p, j) => p - Q[i]![j]!)));
  const D = Z.map((row, i) => row.map((z, j) => z - Pi[i]![j]!));
  let M: number[][];
  if (window === Infinity) {
    // Var N(T)/T → λ̄ + 2 aᵀ D Λ.
    M = D;
  } else {
    const P = expm(Q.map((row) => row.map((q) => q * window)));
    const D2 = matMul(D, D);
    const ImP = P.map((row, i) => row.map((p, j) => (i === j ? 1 : 0) - p));
    const R = matMul(ImP, D2);
    M = D.map((row, i) => row.map((d, j) => d * window - R[i]![j]!));
  }
  let quad = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) quad += pi[i]! * L[i]! * M[i]![j]! * L[j]!;
  const T = window === Infinity ? 1 : window;
  return (lbar * T + 2 * quad) / (lbar * T);
}

// ---------------------------------------------------------------------------
// Small dense linear algebra (k is a handful of states; built once)
// ---------------------------------------------------------------------------

/** Stationary distribution: solve πQ = 0 with Σπ = 1. */
function stationaryOf(Q: number[][]): number[] {
  const k = Q.length;
  // Rows of the system are columns of Q (πQ = 0 ⇔ Qᵀπᵀ = 0); the last is replaced by Σπ = 1.
  const A = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === k - 1 ? 1 : Q[j]![i]!)));
  const b = Array.from({ length: k }, (_, i) => (i === k - 1 ? 1 : 0));
  const x = solve(A, b);
  if (x === undefined || x.some((v) => !(v > -1e-12))) {
    throw new RangeError('the transition matrix does not define a single stationary regime (some states cannot reach each other)');
  }
  return x.map((v) => Math.max(0, v));
}

/** Gaussian elimination with partial pivoting; undefined if singular. */
function solve(A0: number[][], b0: number[]): number[] | undefined {
  const n = A0.length;
  const A = A0.map((r) => r.slice());
  const b = b0.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    if (Math.abs(A[p]![c]!) < 1e-14) return undefined;
    [A[c], A[p]] = [A[p]!, A[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      for (let j = c; j < n; j++) A[r]![j]! -= f * A[c]![j]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let j = r + 1; j < n; j++) s -= A[r]![j]! * x[j]!;
    x[r] = s / A[r]![r]!;
  }
  return x;
}

function invert(A: number[][]): number[][] {
  const n = A.length;
  const cols = Array.from({ length: n }, (_, j) => {
    const x = solve(A, Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
    if (x === undefined) throw new RangeError('singular matrix in the dispersion formula (reducible chain?)');
    return x;
  });
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => cols[j]![i]!));
}

function matMul(A: number[][], B: number[][]): number[][] {
  const m = B[0]!.length;
  return A.map((row) => Array.from({ length: m }, (_, j) => row.reduce((s, a, l) => s + a * B[l]![j]!, 0)));
}

/** e^A by scaling and squaring with a Taylor series (‖A/2^s‖ ≤ 1/2, 20 terms: error ≪ 1e-16). */
function expm(A: number[][]): number[][] {
  const n = A.length;
  const norm = Math.max(...A.map((row) => row.reduce((s, a) => s + Math.abs(a), 0)));
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const f = 2 ** -s;
  const B = A.map((row) => row.map((a) => a * f));
  const I: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let E = I.map((r) => r.slice());
  let term = I;
  for (let p = 1; p <= 20; p++) {
    term = matMul(term, B).map((row) => row.map((x) => x / p));
    E = E.map((row, i) => row.map((x, j) => x + term[i]![j]!));
  }
  for (let i = 0; i < s; i++) E = matMul(E, E);
  return E;
}
