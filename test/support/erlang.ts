/**
 * Closed-form results of elementary queueing theory, used as the reference
 * the simulator is validated against (test/queueing-theory.test.ts).
 *
 * Notation: λ arrival rate, μ service rate of one slot, c slots, a = λ/μ the
 * offered load in Erlangs, ρ = a/c the utilisation, K = c + waiting room the
 * capacity of the station. Any consistent time unit (the tests use seconds).
 *
 * References: Kleinrock, Queueing Systems vol. 1 (1975), §3.4–3.7 and §5.6;
 * Gross & Harris, Fundamentals of Queueing Theory, ch. 2.
 */

function requirePositive(what: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${what} must be a finite number > 0 (got ${x})`);
}

function requireSlots(c: number): void {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`c must be an integer >= 1 (got ${c})`);
}

function requireStable(rho: number): void {
  if (!(rho < 1)) throw new RangeError(`the queue is unstable: utilisation ρ = ${rho} >= 1`);
}

/**
 * Erlang B: blocking probability of the loss system M/G/c/c offered `a`
 * Erlangs (insensitive to the service distribution beyond its mean).
 * Stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)): no factorials,
 * no powers, every intermediate in (0, 1], fine for c in the thousands.
 */
export function erlangB(a: number, c: number): number {
  if (!(a >= 0) || !Number.isFinite(a)) throw new RangeError(`a must be a finite number >= 0 (got ${a})`);
  if (!(Number.isInteger(c) && c >= 0)) throw new RangeError(`c must be an integer >= 0 (got ${c})`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: probability that an arrival has to wait in M/M/c with offered
 * load a < c Erlangs. From Erlang B: C = c·B / (c − a·(1 − B)).
 */
export function erlangC(c: number, a: number): number {
  requireSlots(c);
  requirePositive('a', a);
  requireStable(a / c);
  const b = erlangB(a, c);
  return (c * b) / (c - a * (1 - b));
}

/** M/M/c mean waiting time in queue Wq = C(c, a) / (cμ − λ). */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  requirePositive('lambda', lambda);
  requirePositive('mu', mu);
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/M/c mean sojourn (response) time W = Wq + 1/μ. */
export function mmcMeanSojourn(lambda: number, mu: number, c: number): number {
  return mmcMeanWait(lambda, mu, c) + 1 / mu;
}

/** M/M/c mean number waiting Lq = λ·Wq (Little). */
export function mmcMeanQueued(lambda: number, mu: number, c: number): number {
  return lambda * mmcMeanWait(lambda, mu, c);
}

/** M/M/1 mean sojourn time W = 1/(μ − λ). */
export function mm1MeanSojourn(lambda: number, mu: number): number {
  requirePositive('lambda', lambda);
  requirePositive('mu', mu);
  requireStable(lambda / mu);
  return 1 / (mu - lambda);
}

/** M/M/1 mean waiting time in queue Wq = ρ/(μ − λ). */
export function mm1MeanWait(lambda: number, mu: number): number {
  return (lambda / mu) * mm1MeanSojourn(lambda, mu);
}

/**
 * Pollaczek–Khinchine: M/G/1 mean waiting time in queue
 * Wq = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S]. `meanService` = E[S],
 * `secondMoment` = E[S²] = Var S + E[S]².
 */
export function pkMeanWait(lambda: number, meanService: number, secondMoment: number): number {
  requirePositive('lambda', lambda);
  requirePositive('meanService', meanService);
  if (!(secondMoment >= meanService * meanService)) {
    throw new RangeError(`secondMoment must be >= meanService² (got ${secondMoment} < ${meanService * meanService})`);
  }
  const rho = lambda * meanService;
  requireStable(rho);
  return (lambda * secondMoment) / (2 * (1 - rho));
}

/** M/G/1 mean waiting time from the mean and the coefficient of variation of S: E[S²] = E[S]²(1 + cv²). */
export function mg1MeanWait(lambda: number, meanService: number, cv: number): number {
  return pkMeanWait(lambda, meanService, meanService * meanService * (1 + cv * cv));
}

/** M/D/1 mean waiting time in queue Wq = ρ·d / (2(1 − ρ)), d the constant service time. */
export function md1MeanWait(lambda: number, d: number): number {
  return pkMeanWait(lambda, d, d * d);
}

export interface MmckResult {
  /** Stationary distribution p_0..p_K of the number in the station. */
  p: number[];
  /** Blocking probability p_K: by PASTA, the fraction of arrivals rejected. */
  blocking: number;
  /** Mean number in the station L = Σ n·p_n. */
  meanInSystem: number;
  /** Mean number waiting Lq = Σ (n − c)⁺·p_n. */
  meanQueued: number;
  /** Mean busy slots = a·(1 − p_K) (carried load). */
  meanBusy: number;
  /** Accepted arrival rate λ(1 − p_K). */
  effectiveLambda: number;
  /** Mean sojourn of accepted requests W = L / λ_eff (Little). */
  meanSojourn: number;
  /** Mean wait of accepted requests Wq = Lq / λ_eff. */
  meanWait: number;
}

/**
 * M/M/c/K: c slots, K >= c places in total (K − c waiting), finite birth–death
 * chain with birth rate λ and death rate min(n, c)·μ. Unnormalised weights
 * q_0 = 1, q_n = q_{n−1}·a/min(n, c), rescaled on the fly so nothing
 * overflows, then normalised. Works for any load, ρ >= 1 included.
 */
export function mmck(lambda: number, mu: number, c: number, K: number): MmckResult {
  requirePositive('lambda', lambda);
  requirePositive('mu', mu);
  requireSlots(c);
  if (!(Number.isInteger(K) && K >= c)) throw new RangeError(`K must be an integer >= c (got K=${K}, c=${c})`);
  const a = lambda / mu;
  const q = new Array<number>(K + 1);
  q[0] = 1;
  for (let n = 1; n <= K; n++) {
    q[n] = (q[n - 1]! * a) / Math.min(n, c);
    if (q[n]! > 1e250) for (let j = 0; j <= n; j++) q[j] = q[j]! * 1e-250;
  }
  const total = q.reduce((s, x) => s + x, 0);
  const p = q.map((x) => x / total);
  const blocking = p[K]!;
  let meanInSystem = 0;
  let meanQueued = 0;
  p.forEach((pn, n) => {
    meanInSystem += n * pn;
    meanQueued += Math.max(0, n - c) * pn;
  });
  const effectiveLambda = lambda * (1 - blocking);
  return {
    p,
    blocking,
    meanInSystem,
    meanQueued,
    meanBusy: a * (1 - blocking),
    effectiveLambda,
    meanSojourn: meanInSystem / effectiveLambda,
    meanWait: meanQueued / effectiveLambda,
  };
}
