/**
 * Confidence intervals for simulation output: Student-t critical values, the
 * classic t interval of a mean from independent replications, and the method
 * of batch means for one long (auto-correlated) run.
 *
 * Units: interval bounds and half-widths are in the unit of the samples;
 * probabilities and confidence levels are plain fractions in (0, 1).
 */
import { count, deviation, mean } from 'd3-array';

// ---------------------------------------------------------------------------
// Special functions (private)
// ---------------------------------------------------------------------------

/** Lanczos (g = 7, n = 9) coefficients: ln Γ with ~1e-15 relative accuracy. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_2PI = 0.9189385332046728; // ln √(2π)

/** ln Γ(x) for x > 0. */
function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return HALF_LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Stirling remainder δ(x) = ln Γ(x) − [(x − ½)·ln x − x + ln √(2π)], for x >= 10 (error < 1e-15). */
function stirlingRemainder(x: number): number {
  const r = 1 / (x * x);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r / 1188)))) / x;
}

/**
 * ln B(a, b). When one argument is large, ln Γ(big) − ln Γ(big + small) is
 * formed analytically (Stirling) instead of subtracting two huge ln Γ values,
 * which would lose ~log10(big·ln big) digits.
 */
function lnBeta(a: number, b: number): number {
  const big = a > b ? a : b;
  const small = a > b ? b : a;
  if (big < 10) return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  const sum = big + small;
  const diff =
    -(big - 0.5) * Math.log1p(small / big) - small * Math.log(sum) + small +
    stirlingRemainder(big) - stirlingRemainder(sum);
  return lnGamma(small) + diff;
}

const FPMIN = 1e-300;
const CF_EPS = 1e-16;
const CF_MAX_ITER = 100_000;

/** Continued fraction of the regularized incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CF_MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= CF_EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b), with y = 1 − x supplied separately so
 * callers that know it more accurately than `1 - x` (e.g. t²/(ν + t²)) keep
 * full relative precision in both tails.
 */
function regIncBeta(a: number, b: number, x: number, y: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  // ln x and ln y from whichever of x, y is small (and hence exactly known).
  const lnX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const lnY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const front = Math.exp(a * lnX + b * lnY - lnBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/**
 * Inverse of I_x(a, b) in x, for p in (0, 1) and b < 1 or a < 1 (the cases
 * the t distribution needs): Numerical Recipes' starting point, then Halley
 * steps until the relative step is below 1e-13.
 */
function invRegIncBeta(p: number, a: number, b: number): number {
  const lnA = Math.log(a / (a + b));
  const lnB = Math.log(b / (a + b));
  const ta = Math.exp(a * lnA) / a;
  const tb = Math.exp(b * lnB) / b;
  const w = ta + tb;
  let x = p < ta / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
  const a1 = a - 1;
  const b1 = b - 1;
  const lnFactor = -lnBeta(a, b);
  for (let j = 0; j < 200; j++) {
    if (x <= 0 || x >= 1) break;
    const err = regIncBeta(a, b, x, 1 - x) - p;
    const pdf = Math.exp(a1 * Math.log(x) + b1 * Math.log1p(-x) + lnFactor);
    const u = err / pdf;
    const step = u / (1 - 0.5 * Math.min(1, u * (a1 / x - b1 / (1 - x))));
    x -= step;
    if (x <= 0) x = 0.5 * (x + step);
    if (x >= 1) x = 0.5 * (x + step + 1);
    if (Math.abs(step) < 1e-13 * x && j > 0) break;
  }
  return x;
}

/** Upper regularized incomplete gamma Q(a, x) (series / continued fraction). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < CF_MAX_ITER; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * CF_EPS) break;
    }
    return 1 - sum * front;
  }
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= CF_MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= CF_EPS) break;
  }
  return front * h;
}

/** Standard normal CDF Φ(z) = ½·erfc(−z/√2), with erfc(u) = Q(½, u²). */
function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const q = 0.5 * gammaQ(0.5, 0.5 * z * z);
  return z < 0 ? q : 1 - q;
}

// ---------------------------------------------------------------------------
// Normal and Student-t quantiles
// ---------------------------------------------------------------------------

// Wichura, Algorithm AS 241 (PPND16), Applied Statistics 37 (1988): ~1e-16 relative accuracy.
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

function horner(c: readonly number[], x: number): number {
  let v = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) v = v * x + c[i];
  return v;
}

/**
 * Quantile of the standard normal distribution (Wichura's AS 241, ~1e-16
 * relative accuracy). p in [0, 1]; 0 → −∞, 1 → +∞.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v = horner(AS241_C, r) / horner(AS241_D, r);
  } else {
    r -= 5;
    v = horner(AS241_E, r) / horner(AS241_F, r);
  }
  return q < 0 ? -v : v;
}

/**
 * Above this many degrees of freedom the Cornish–Fisher expansion (4 terms)
 * is used directly: its truncation error is < 1e-12 for tail probabilities
 * down to 1e-15, and the incomplete-beta continued fraction needs O(√ν) terms.
 */
const CORNISH_FISHER_MIN_DOF = 1e4;

/** Cornish–Fisher expansion of the t quantile around the normal one (Abramowitz & Stegun 26.7.5). */
function cornishFisher(z: number, nu: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / nu) / nu) / nu) / nu;
}

/** t ≥ 0 with P(T_ν > t) = alpha, for alpha in (0, 0.5]. */
function tUpper(alpha: number, nu: number): number {
  if (alpha === 0.5) return 0;
  if (alpha === 0) return Infinity;
  if (nu === Infinity) return -normalQuantile(alpha);
  if (nu === 1) return 1 / Math.tan(Math.PI * alpha); // Cauchy
  if (nu === 2) return (1 - 2 * alpha) / Math.sqrt(2 * alpha * (1 - alpha));
  if (nu >= CORNISH_FISHER_MIN_DOF) return cornishFisher(-normalQuantile(alpha), nu);
  // P(T > t) = ½·I_x(ν/2, ½) with x = ν/(ν + t²), and P(|T| ≤ t) = I_y(½, ν/2) with y = 1 − x.
  // Invert whichever has a target <= ½, so the unknown is solved in the well-conditioned tail.
  if (alpha < 0.25) {
    const x = invRegIncBeta(2 * alpha, nu / 2, 0.5);
    return Math.sqrt(nu * ((1 - x) / x));
  }
  const y = invRegIncBeta(1 - 2 * alpha, 0.5, nu / 2);
  return Math.sqrt(nu * (y / (1 - y)));
}

/**
 * Quantile of Student's t distribution with `dof` degrees of freedom
 * (dof > 0, may be fractional or Infinity → normal): the value t with
 * P(T <= t) = p. Two-sided critical values for confidence level L are
 * `studentTQuantile((1 + L) / 2, dof)`, e.g. t(0.975, 4) = 2.776.
 * Accurate to ~1e-12 relative (closed forms for dof 1 and 2, incomplete-beta
 * inversion up to 1e4, Cornish–Fisher beyond).
 */
export function studentTQuantile(p: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`studentTQuantile: dof must be > 0, got ${dof}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return p < 0.5 ? -tUpper(p, dof) : tUpper(1 - p, dof);
}

/** CDF of Student's t distribution, P(T_dof <= t); dof > 0 (Infinity → standard normal). */
export function studentTCdf(t: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`studentTCdf: dof must be > 0, got ${dof}`);
  if (Number.isNaN(t)) return NaN;
  if (dof === Infinity) return normalCdf(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const t2 = t * t;
  const tail = 0.5 * regIncBeta(dof / 2, 0.5, dof / (dof + t2), t2 / (dof + t2));
  return t < 0 ? tail : 1 - tail;
}

// ---------------------------------------------------------------------------
// Intervals
// ---------------------------------------------------------------------------

/** A symmetric confidence interval for a mean, in the unit of the samples. */
export interface ConfidenceInterval {
  /** Point estimate (sample mean). */
  mean: number;
  /** t_{(1+level)/2, n−1} · s / √n; NaN when n < 2. */
  halfWidth: number;
  /** mean − halfWidth. */
  low: number;
  /** mean + halfWidth. */
  high: number;
  /** Number of (non-NaN) samples the interval is based on. */
  n: number;
}

function checkLevel(level: number, who: string): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`${who}: level must be in (0, 1), got ${level}`);
}

function asIterable(xs: ArrayLike<number>): Iterable<number> {
  return typeof (xs as Partial<Iterable<number>>)[Symbol.iterator] === 'function'
    ? (xs as unknown as Iterable<number>)
    : Array.from(xs);
}

/**
 * Student-t confidence interval for the mean of independent, identically
 * distributed samples (e.g. one summary value per independent replication).
 * NaN/null entries are ignored (d3-array semantics). With fewer than two
 * samples the half-width (and bounds) are NaN.
 */
export function confidenceInterval(samples: ArrayLike<number>, level = 0.95): ConfidenceInterval {
  checkLevel(level, 'confidenceInterval');
  const values = asIterable(samples);
  const n = count(values);
  const m = mean(values) ?? NaN;
  if (n < 2) return { mean: m, halfWidth: NaN, low: NaN, high: NaN, n };
  const sd = deviation(values) ?? NaN;
  const halfWidth = (tUpper((1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { mean: m, halfWidth, low: m - halfWidth, high: m + halfWidth, n };
}

/** Batch-means interval: `n` is the number of batches; extra diagnostics below. */
export interface BatchMeansInterval extends ConfidenceInterval {
  /** Observations per batch. */
  batchSize: number;
  /** Leading observations dropped so that all batches have the same size (series.length mod batches). */
  discarded: number;
  /**
   * Lag-1 autocorrelation of the batch means. Should be close to 0 (|r1| ≲ 0.2);
   * a large value means batches are too short and the interval too narrow.
   */
  lag1Autocorrelation: number;
}

/**
 * Confidence interval for the steady-state mean of one long, auto-correlated
 * output series (e.g. successive response times of a single run, after
 * warm-up), by the method of non-overlapping batch means: the series is cut
 * into `batches` contiguous batches of equal size, whose means are nearly
 * independent and normal when batches are long, and a t interval with
 * `batches − 1` degrees of freedom is built on them. The first
 * `series.length mod batches` observations (the oldest) are discarded.
 * 10–30 batches is the usual choice. Values must be finite.
 */
export function batchMeans(series: ArrayLike<number>, batches: number, level = 0.95): BatchMeansInterval {
  checkLevel(level, 'batchMeans');
  if (!(Number.isInteger(batches) && batches >= 2)) {
    throw new RangeError(`batchMeans: batches must be an integer >= 2, got ${batches}`);
  }
  const total = series.length;
  const batchSize = Math.floor(total / batches);
  if (batchSize < 1) throw new RangeError(`batchMeans: ${total} observations cannot fill ${batches} batches`);
  const discarded = total - batchSize * batches;
  const means = new Float64Array(batches);
  let k = discarded;
  for (let b = 0; b < batches; b++) {
    // Neumaier-compensated batch sum.
    let s = 0;
    let c = 0;
    for (let i = 0; i < batchSize; i++, k++) {
      const x = series[k];
      if (!(x - x === 0)) throw new RangeError(`batchMeans: non-finite value ${x} at index ${k}`);
      const t = s + x;
      c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
      s = t;
    }
    means[b] = (s + c) / batchSize;
  }
  const ci = confidenceInterval(means, level);
  let num = 0;
  let den = 0;
  for (let b = 0; b < batches; b++) {
    const d = means[b] - ci.mean;
    den += d * d;
    if (b + 1 < batches) num += d * (means[b + 1] - ci.mean);
  }
  const lag1Autocorrelation = den > 0 ? num / den : NaN;
  return { ...ci, batchSize, discarded, lag1Autocorrelation };
}
