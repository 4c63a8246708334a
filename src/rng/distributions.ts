/**
 * Probability distributions for durations, sizes and inter-arrival times.
 *
 * Design:
 * - A distribution is *pure parameters*: it holds no random state. The
 *   component that samples owns its {@link RandomStream} (see stream.ts) and
 *   passes it to `sample`. One distribution object can thus be shared by many
 *   components without coupling their random sequences.
 * - `sample` is on the hot path: each class precomputes what it can in its
 *   constructor and `sample` allocates nothing.
 * - `mean` and `variance` are the exact moments of the declared distribution
 *   (closed forms), used by analytic checks and reports. Units are the
 *   caller's (the simulator uses seconds for durations); `variance` is in the
 *   unit squared, Infinity where it does not exist.
 * - Invalid parameters throw `RangeError` from the constructor.
 *
 * Uniforms come from `RandomStream.next()`, which has 32-bit resolution and may
 * return 0 but never 1; hence logarithms are always taken of `1 - u` ∈ (0, 1].
 */
import { gamma } from './gamma-function.js';
import type { RandomStream } from './stream.js';

export interface Distribution {
  /** 'constant' | 'exponential' | 'uniform' | 'normal' | 'truncated-normal' | 'lognormal' | 'erlang' | 'gamma' | 'bounded-pareto' | 'weibull' | 'empirical' | 'histogram' */
  readonly kind: string;
  /** Mean, in the caller's unit (the simulator uses seconds for durations). */
  readonly mean: number;
  /** Variance, in the unit squared; Infinity where it does not exist. */
  readonly variance: number;
  /** One draw, using (only) `rng`. */
  sample(rng: RandomStream): number;
  /** Human-readable form, e.g. "exponential(mean=0.02)". */
  describe(): string;
}

// ---------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------

function requireFinite(where: string, what: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${where}: ${what} must be a finite number (got ${value})`);
  }
}

function requirePositive(where: string, what: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${what} must be a finite number > 0 (got ${value})`);
  }
}

function requireNonNegative(where: string, what: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${what} must be a finite number >= 0 (got ${value})`);
  }
}

// ---------------------------------------------------------------------------
// Shared samplers (module-level functions: no allocation, no state)
// ---------------------------------------------------------------------------

const TWO_PI = 2 * Math.PI;

/**
 * Standard normal draw by Box–Muller, consuming exactly two uniforms.
 *
 * Why the second (sine) value is discarded instead of cached: a cache would
 * be random state inside a distribution object. If two components shared the
 * object, one would receive the other's spare value, so a component's draws
 * would depend on the existence and timing of other components — exactly what
 * per-component streams exist to prevent. One log, sqrt and cos per draw is
 * cheap enough.
 */
function standardNormal(rng: RandomStream): number {
  const u1 = 1 - rng.next(); // (0, 1]: log is finite
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
}

/**
 * Marsaglia–Tsang (2000) draw of a Gamma(shape, 1) variable for shape >= 1,
 * with `d = shape − 1/3` and `c = 1/sqrt(9d)` precomputed by the caller.
 * Expected ~1.05 iterations for shape >= 1 (each iteration: one normal, one uniform).
 */
function marsagliaTsang(rng: RandomStream, d: number, c: number): number {
  for (;;) {
    const z = standardNormal(rng);
    let v = 1 + c * z;
    if (v <= 0) continue;
    v = v * v * v;
    const u = 1 - rng.next(); // (0, 1]
    const z2 = z * z;
    // Cheap squeeze first; the log test is the exact acceptance condition.
    if (u < 1 - 0.0331 * z2 * z2) return d * v;
    if (Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

// ---------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------

/**
 * Degenerate distribution: always `value` (any finite number, caller's unit).
 * mean = value, variance = 0. Consumes no uniforms.
 */
export class Constant implements Distribution {
  readonly kind = 'constant';
  readonly mean: number;
  readonly variance = 0;

  constructor(readonly value: number) {
    requireFinite('Constant', 'value', value);
    this.mean = value;
  }

  sample(_rng: RandomStream): number {
    return this.value;
  }

  describe(): string {
    return `constant(${this.value})`;
  }
}

/**
 * Exponential distribution with the given `mean` (> 0, caller's unit; rate =
 * 1/mean). Inverse transform: −mean·ln(1 − u). variance = mean².
 */
export class Exponential implements Distribution {
  readonly kind = 'exponential';
  readonly mean: number;
  readonly variance: number;
  private readonly negMean: number;

  constructor(mean: number) {
    requirePositive('Exponential', 'mean', mean);
    this.mean = mean;
    this.variance = mean * mean;
    this.negMean = -mean;
  }

  sample(rng: RandomStream): number {
    return this.negMean * Math.log(1 - rng.next());
  }

  describe(): string {
    return `exponential(mean=${this.mean})`;
  }
}

/**
 * Continuous uniform distribution on [min, max) (finite, min < max, caller's
 * unit). mean = (min + max)/2, variance = (max − min)²/12.
 */
export class Uniform implements Distribution {
  readonly kind = 'uniform';
  readonly mean: number;
  readonly variance: number;
  private readonly width: number;

  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    requireFinite('Uniform', 'min', min);
    requireFinite('Uniform', 'max', max);
    if (!(min < max)) throw new RangeError(`Uniform: min must be < max (got min=${min}, max=${max})`);
    this.width = max - min;
    if (!Number.isFinite(this.width)) throw new RangeError(`Uniform: max − min overflows (min=${min}, max=${max})`);
    this.mean = min + this.width / 2;
    this.variance = (this.width * this.width) / 12;
  }

  sample(rng: RandomStream): number {
    return this.min + this.width * rng.next();
  }

  describe(): string {
    return `uniform(min=${this.min}, max=${this.max})`;
  }
}

/**
 * Normal distribution N(mean, sd²): `mean` finite (caller's unit), `sd` >= 0
 * (same unit). Not truncated: it can return negative values; a duration
 * uses {@link TruncatedNormal} (what a scenario's `normal` builds). Box–Muller,
 * two uniforms per draw (see `standardNormal`).
 */
export class Normal implements Distribution {
  readonly kind = 'normal';
  readonly mean: number;
  readonly variance: number;

  constructor(
    mean: number,
    readonly sd: number,
  ) {
    requireFinite('Normal', 'mean', mean);
    requireNonNegative('Normal', 'sd', sd);
    this.mean = mean;
    this.variance = sd * sd;
  }

  sample(rng: RandomStream): number {
    return this.mean + this.sd * standardNormal(rng);
  }

  describe(): string {
    return `normal(mean=${this.mean}, sd=${this.sd})`;
  }
}

/** Complementary error function, |relative error| < 1.2e-7 (Numerical Recipes' Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal survival function P(Z > x). */
function normalSurvival(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/**
 * Normal distribution N(mu, sigma²) **truncated at zero**: a draw below 0
 * is drawn again, so every value is ≥ 0 (a duration). `mu` ≥ 0 (caller's
 * unit), `sigma` ≥ 0. With mu ≥ 0 at least half the draws are kept, so a
 * sample takes at most two normal draws on average; a draw that is ≥ 0
 * is exactly the untruncated normal's (same uniforms), so scenarios whose
 * normal never went negative draw the same values as before.
 *
 * mean = mu + sigma·λ, variance = sigma²·(1 + α·λ − λ²), with α = −mu/sigma
 * and λ = φ(α)/(1 − Φ(α)) (the truncated normal's moments); they exceed
 * `mu` and fall short of sigma² when sigma is large against mu.
 */
export class TruncatedNormal implements Distribution {
  readonly kind = 'truncated-normal';
  readonly mean: number;
  readonly variance: number;

  constructor(
    readonly mu: number,
    readonly sigma: number,
  ) {
    requireNonNegative('TruncatedNormal', 'mu', mu);
    requireNonNegative('TruncatedNormal', 'sigma', sigma);
    if (sigma === 0) {
      this.mean = mu;
      this.variance = 0;
    } else {
      const alpha = -mu / sigma;
      const lambda = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI) / normalSurvival(alpha);
      this.mean = mu + sigma * lambda;
      this.variance = sigma * sigma * Math.max(0, 1 + alpha * lambda - lambda * lambda);
    }
  }

  sample(rng: RandomStream): number {
    for (;;) {
      const x = this.mu + this.sigma * standardNormal(rng);
      if (x >= 0) return x;
    }
  }

  describe(): string {
    return `normal(mean=${this.mu}, sd=${this.sigma}, truncated at 0)`;
  }
}

/**
 * Log-normal distribution: X = exp(mu + sigma·Z), Z standard normal. `mu` and
 * `sigma` (>= 0) are the parameters of ln X (dimensionless log of the
 * caller's unit). Most callers want {@link LogNormal.fromMeanCv}.
 * mean = exp(mu + sigma²/2), variance = (exp(sigma²) − 1)·exp(2mu + sigma²).
 */
export class LogNormal implements Distribution {
  readonly kind = 'lognormal';
  readonly mean: number;
  readonly variance: number;
  /** Coefficient of variation sd/mean = sqrt(exp(sigma²) − 1). */
  readonly cv: number;

  constructor(
    readonly mu: number,
    readonly sigma: number,
  ) {
    requireFinite('LogNormal', 'mu', mu);
    requireNonNegative('LogNormal', 'sigma', sigma);
    const s2 = sigma * sigma;
    this.mean = Math.exp(mu + s2 / 2);
    const cv2 = Math.expm1(s2); // exp(s²) − 1 without cancellation for small sigma
    this.cv = Math.sqrt(cv2);
    this.variance = cv2 * this.mean * this.mean;
  }

  /**
   * Log-normal with the given `mean` (> 0, caller's unit) and coefficient of
   * variation `cv` = sd/mean (>= 0, dimensionless):
   * sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2.
   */
  static fromMeanCv(mean: number, cv: number): LogNormal {
    requirePositive('LogNormal.fromMeanCv', 'mean', mean);
    requireNonNegative('LogNormal.fromMeanCv', 'cv', cv);
    const s2 = Math.log1p(cv * cv);
    return new LogNormal(Math.log(mean) - s2 / 2, Math.sqrt(s2));
  }

  sample(rng: RandomStream): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }

  describe(): string {
    return `lognormal(mean=${this.mean}, cv=${this.cv})`;
  }
}

/**
 * Gamma distribution with `shape` k > 0 (dimensionless, any real) and `mean`
 * > 0 (caller's unit); scale θ = mean/k. variance = k·θ² = mean²/k.
 * Marsaglia–Tsang; for k < 1, draws Gamma(k + 1) and multiplies by u^(1/k)
 * (Marsaglia–Tsang's boost), which is exact.
 */
export class Gamma implements Distribution {
  readonly kind = 'gamma';
  readonly mean: number;
  readonly variance: number;
  readonly scale: number;
  private readonly d: number;
  private readonly c: number;
  /** 1/shape when the u^(1/shape) boost is needed (shape < 1), else 0. */
  private readonly boostExponent: number;

  constructor(
    readonly shape: number,
    mean: number,
  ) {
    requirePositive('Gamma', 'shape', shape);
    requirePositive('Gamma', 'mean', mean);
    this.mean = mean;
    this.scale = mean / shape;
    this.variance = (mean * mean) / shape;
    const boosted = shape < 1 ? shape + 1 : shape;
    this.d = boosted - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.boostExponent = shape < 1 ? 1 / shape : 0;
  }

  sample(rng: RandomStream): number {
    const g = marsagliaTsang(rng, this.d, this.c);
    if (this.boostExponent === 0) return this.scale * g;
    return this.scale * g * Math.pow(1 - rng.next(), this.boostExponent);
  }

  describe(): string {
    return `gamma(shape=${this.shape}, mean=${this.mean})`;
  }
}

/** Up to this many phases Erlang multiplies uniforms; above, it uses Marsaglia–Tsang. */
const ERLANG_PRODUCT_MAX_K = 16;

/**
 * Erlang distribution: sum of `k` (integer >= 1) i.i.d. exponential phases,
 * total `mean` > 0 (caller's unit; each phase has mean mean/k).
 * variance = mean²/k.
 * For k <= 16: −(mean/k)·ln(∏(1 − u_i)) — one log per draw; the product of at
 * most 16 factors >= 2^-32 cannot underflow. Larger k: Gamma(k) by
 * Marsaglia–Tsang (same distribution, O(1) cost).
 */
export class Erlang implements Distribution {
  readonly kind = 'erlang';
  readonly mean: number;
  readonly variance: number;
  private readonly negPhaseMean: number;
  private readonly phaseMean: number;
  private readonly useProduct: boolean;
  private readonly d: number;
  private readonly c: number;

  constructor(
    readonly k: number,
    mean: number,
  ) {
    if (!Number.isInteger(k) || k < 1) {
      throw new RangeError(`Erlang: k must be an integer >= 1 (got ${k})`);
    }
    requirePositive('Erlang', 'mean', mean);
    this.mean = mean;
    this.variance = (mean * mean) / k;
    this.phaseMean = mean / k;
    this.negPhaseMean = -this.phaseMean;
    this.useProduct = k <= ERLANG_PRODUCT_MAX_K;
    this.d = k - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }

  sample(rng: RandomStream): number {
    if (this.useProduct) {
      let p = 1 - rng.next();
      for (let i = 1; i < this.k; i++) p *= 1 - rng.next();
      return this.negPhaseMean * Math.log(p);
    }
    return this.phaseMean * marsagliaTsang(rng, this.d, this.c);
  }

  describe(): string {
    return `erlang(k=${this.k}, mean=${this.mean})`;
  }
}

/** expm1(t)/t, continuous at t = 0 (value 1). */
function expm1OverT(t: number): number {
  return t === 0 ? 1 : Math.expm1(t) / t;
}

/**
 * Bounded (truncated) Pareto distribution on [min, max): tail index `alpha`
 * > 0 (dimensionless), 0 < min < max (caller's unit).
 * Density α·L^α·x^(−α−1) / (1 − (L/H)^α) on [L, H]. Inverse transform:
 * x = L·(1 − u·(1 − (L/H)^α))^(−1/α).
 *
 * Raw moments: E[X^n] = α·L^α/(1 − (L/H)^α) · (H^(n−α) − L^(n−α))/(n − α),
 * with limit α·L^α/(1 − (L/H)^α) · ln(H/L) at n = α (α = 1 for the mean,
 * α = 2 for the second moment). Computed as
 * α·Lⁿ·λ·expm1(t)/t / (−expm1(−αλ)), λ = ln(H/L), t = (n − α)λ, which covers
 * the special cases exactly and stays accurate for α *near* 1 or 2 too.
 */
export class BoundedPareto implements Distribution {
  readonly kind = 'bounded-pareto';
  readonly mean: number;
  readonly variance: number;
  /** 1 − (L/H)^α: probability mass of the untruncated Pareto below H. */
  private readonly massBelowMax: number;
  private readonly negInvAlpha: number;

  constructor(
    readonly alpha: number,
    readonly min: number,
    readonly max: number,
  ) {
    requirePositive('BoundedPareto', 'alpha', alpha);
    requirePositive('BoundedPareto', 'min', min);
    requirePositive('BoundedPareto', 'max', max);
    if (!(min < max)) throw new RangeError(`BoundedPareto: min must be < max (got min=${min}, max=${max})`);
    const lambda = Math.log(max / min);
    this.massBelowMax = -Math.expm1(-alpha * lambda);
    this.negInvAlpha = -1 / alpha;
    const rawMoment = (n: number): number =>
      (alpha * Math.pow(min, n) * lambda * expm1OverT((n - alpha) * lambda)) / this.massBelowMax;
    this.mean = rawMoment(1);
    // E[X²] − mean² may lose digits to cancellation for very narrow bounds; clamp at 0.
    this.variance = Math.max(0, rawMoment(2) - this.mean * this.mean);
  }

  sample(rng: RandomStream): number {
    return this.min * Math.pow(1 - rng.next() * this.massBelowMax, this.negInvAlpha);
  }

  describe(): string {
    return `bounded-pareto(alpha=${this.alpha}, min=${this.min}, max=${this.max})`;
  }
}

/**
 * Weibull distribution with `shape` k > 0 (dimensionless) and `scale` λ > 0
 * (caller's unit); CDF 1 − exp(−(x/λ)^k). k = 1 is exponential(mean=λ); k < 1
 * gives a decreasing hazard (infant mortality), k > 1 an increasing one
 * (wear-out). Inverse transform: λ·(−ln(1 − u))^(1/k).
 * mean = λ·Γ(1 + 1/k), variance = λ²·(Γ(1 + 2/k) − Γ(1 + 1/k)²)
 * (Infinity if Γ overflows, i.e. for k below ~0.006).
 */
export class Weibull implements Distribution {
  readonly kind = 'weibull';
  readonly mean: number;
  readonly variance: number;
  private readonly invShape: number;

  constructor(
    readonly shape: number,
    readonly scale: number,
  ) {
    requirePositive('Weibull', 'shape', shape);
    requirePositive('Weibull', 'scale', scale);
    this.invShape = 1 / shape;
    const g1 = gamma(1 + 1 / shape);
    const g2 = gamma(1 + 2 / shape);
    this.mean = scale * g1;
    this.variance = Number.isFinite(g2) ? Math.max(0, scale * scale * (g2 - g1 * g1)) : Infinity;
  }

  sample(rng: RandomStream): number {
    return this.scale * Math.pow(-Math.log(1 - rng.next()), this.invShape);
  }

  describe(): string {
    return `weibull(shape=${this.shape}, scale=${this.scale})`;
  }
}

/**
 * Empirical distribution over a list of observed values (finite numbers,
 * caller's unit; duplicates allowed): each draw picks one of the values
 * uniformly. mean and variance are those of the list itself (population
 * variance, divisor n), computed exactly by two passes. The list is copied.
 */
export class Empirical implements Distribution {
  readonly kind = 'empirical';
  readonly mean: number;
  readonly variance: number;
  private readonly values: Float64Array;

  constructor(values: ArrayLike<number>) {
    if (values.length === 0) throw new RangeError('Empirical: the list of values must not be empty');
    const data = Float64Array.from(values);
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isFinite(v)) throw new RangeError(`Empirical: value #${i} must be a finite number (got ${v})`);
      sum += v;
    }
    const mean = sum / data.length;
    let ss = 0;
    for (let i = 0; i < data.length; i++) {
      const dev = data[i]! - mean;
      ss += dev * dev;
    }
    this.values = data;
    this.mean = mean;
    this.variance = ss / data.length;
  }

  /** Same as `new Empirical(values)`. */
  static fromValues(values: ArrayLike<number>): Empirical {
    return new Empirical(values);
  }

  /** See {@link EmpiricalHistogram}. */
  static fromHistogram(binEdges: ArrayLike<number>, weights: ArrayLike<number>): EmpiricalHistogram {
    return new EmpiricalHistogram(binEdges, weights);
  }

  /** Number of values in the list. */
  get size(): number {
    return this.values.length;
  }

  sample(rng: RandomStream): number {
    const n = this.values.length;
    const i = Math.floor(rng.next() * n);
    // Guard against u·n rounding up to n for huge lists.
    return this.values[i < n ? i : n - 1]!;
  }

  describe(): string {
    return `empirical(n=${this.values.length}, mean=${this.mean})`;
  }
}

/**
 * Histogram distribution: bin i is [binEdges[i], binEdges[i+1]) with relative
 * weight weights[i]. A draw picks a bin with probability proportional to its
 * weight (binary search in a precomputed cumulative Float64Array), then a
 * uniform point inside it (two uniforms per draw).
 * `binEdges`: finite, strictly increasing, length = weights.length + 1
 * (caller's unit). `weights`: finite, >= 0, not all 0 (any scale: counts or
 * probabilities). mean/variance are the exact moments of this mixture of
 * uniforms: mean = Σ p_i·m_i, variance = Σ p_i·((m_i − mean)² + w_i²/12)
 * (m_i midpoint, w_i width of bin i).
 */
export class EmpiricalHistogram implements Distribution {
  readonly kind = 'histogram';
  readonly mean: number;
  readonly variance: number;
  private readonly edges: Float64Array;
  /** cumulative[i] = weights[0] + ... + weights[i] (unnormalised). */
  private readonly cumulative: Float64Array;
  private readonly totalWeight: number;

  constructor(binEdges: ArrayLike<number>, weights: ArrayLike<number>) {
    const where = 'Empirical.fromHistogram';
    if (weights.length === 0) throw new RangeError(`${where}: at least one bin is required`);
    if (binEdges.length !== weights.length + 1) {
      throw new RangeError(
        `${where}: binEdges must have weights.length + 1 entries (got ${binEdges.length} edges for ${weights.length} weights)`,
      );
    }
    const edges = Float64Array.from(binEdges);
    for (let i = 0; i < edges.length; i++) {
      if (!Number.isFinite(edges[i]!)) throw new RangeError(`${where}: binEdges[${i}] must be finite (got ${edges[i]})`);
      if (i > 0 && !(edges[i]! > edges[i - 1]!)) {
        throw new RangeError(`${where}: binEdges must be strictly increasing (binEdges[${i - 1}]=${edges[i - 1]}, binEdges[${i}]=${edges[i]})`);
      }
    }
    const cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`${where}: weights[${i}] must be a finite number >= 0 (got ${w})`);
      total += w;
      cumulative[i] = total;
    }
    if (!(total > 0)) throw new RangeError(`${where}: at least one weight must be > 0`);
    if (!Number.isFinite(total)) throw new RangeError(`${where}: the sum of the weights overflows`);

    let mean = 0;
    for (let i = 0; i < weights.length; i++) {
      mean += (weights[i]! / total) * ((edges[i]! + edges[i + 1]!) / 2);
    }
    let variance = 0;
    for (let i = 0; i < weights.length; i++) {
      const width = edges[i + 1]! - edges[i]!;
      const dev = (edges[i]! + edges[i + 1]!) / 2 - mean;
      variance += (weights[i]! / total) * (dev * dev + (width * width) / 12);
    }
    this.edges = edges;
    this.cumulative = cumulative;
    this.totalWeight = total;
    this.mean = mean;
    this.variance = variance;
  }

  /** Number of bins. */
  get bins(): number {
    return this.cumulative.length;
  }

  sample(rng: RandomStream): number {
    // u < 1 so target < totalWeight = cumulative[last]: the search always ends
    // on a bin, and never on a zero-weight bin (its cumulative equals the
    // previous one, which is <= target).
    const target = rng.next() * this.totalWeight;
    const cum = this.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    const a = this.edges[lo]!;
    return a + (this.edges[lo + 1]! - a) * rng.next();
  }

  describe(): string {
    return `histogram(bins=${this.cumulative.length}, min=${this.edges[0]}, max=${this.edges[this.edges.length - 1]}, mean=${this.mean})`;
  }
}
