/**
 * Seeded, named random streams.
 *
 * Every stochastic component of a scenario (a traffic source, a server's
 * service-time model, a failure process...) draws from its *own* stream. A
 * stream is identified by a stable name and seeded from the string
 * `${scenarioSeed}/${componentName}` (see {@link deriveStream}). Consequence:
 * adding, removing or reordering components never changes what any *other*
 * component draws, so two scenario variants stay comparable draw for draw
 * (common random numbers).
 *
 * Generator: Baagøe's Alea, as shipped by `seedrandom` (`seedrandom.alea`).
 * - Why Alea: it is a multiply-with-carry generator using only float
 *   arithmetic, several times faster than seedrandom's default ARC4 generator
 *   (which shuffles a 256-byte state per output byte); period ~2^116, reported
 *   to pass BigCrush. `next()` sits in the hot path of the event loop, so speed
 *   matters more than cryptographic quality, which we do not need.
 * - Resolution: `next()` returns Alea's raw output, which is a multiple of
 *   2^-32 in [0, 1 - 2^-32], i.e. **32 bits** of randomness, not 53. 0 can be
 *   returned (probability 2^-32); 1 never is. Distributions that take
 *   logarithms must therefore use `1 - next()` (in (0, 1]). The finite
 *   resolution bounds the extreme tails, e.g. an inverse-transform exponential
 *   never exceeds 32·ln 2 ≈ 22.2 means and a Box–Muller normal never exceeds
 *   ≈ 6.66 standard deviations. This is irrelevant for the sample sizes a
 *   simulation run produces, but should be kept in mind for rare-event
 *   studies.
 */
import seedrandom from 'seedrandom';

/** A deterministic stream of uniform numbers in [0, 1) with a stable name. */
export class RandomStream {
  /** The stream's stable name (for derived streams: the component name). */
  readonly name: string;
  /** The exact string the generator was seeded with. */
  readonly seed: string;

  /**
   * The generator function itself, kept in a field and called directly.
   * Why: `next()` is called once or more per simulated event. Calling the
   * stored closure keeps the call site monomorphic and lets V8 inline it, and
   * avoids going through seedrandom's wrapper methods (`double()` makes two
   * calls, `int32()` extra arithmetic). Nothing is allocated per call.
   */
  private readonly prng: () => number;

  /**
   * @param name stable name of the stream.
   * @param seed seed string; defaults to `name`. Prefer {@link deriveStream}
   *   to build per-component streams from a scenario seed.
   */
  constructor(name: string, seed: string = name) {
    this.name = name;
    this.seed = seed;
    this.prng = seedrandom.alea(seed);
  }

  /** Uniform number in [0, 1), a multiple of 2^-32 (see the module header). */
  next(): number {
    return this.prng();
  }
}

/**
 * The stream of component `componentName` in a scenario seeded with
 * `scenarioSeed`. The generator is seeded with the string
 * `${scenarioSeed}/${componentName}`, so:
 * - the same (scenarioSeed, componentName) always yields the same sequence,
 *   independently of which other streams exist or how they are used;
 * - a numeric seed and its decimal string are the same seed
 *   (`deriveStream(42, 'x')` ≡ `deriveStream('42', 'x')`);
 * - names containing `/` can collide across the boundary
 *   (`('1/a', 'b')` ≡ `('1', 'a/b')`); callers should keep names unambiguous.
 *
 * The returned stream's `name` is `componentName`.
 *
 * @throws RangeError if `scenarioSeed` is a non-finite number.
 */
export function deriveStream(scenarioSeed: number | string, componentName: string): RandomStream {
  if (typeof scenarioSeed === 'number' && !Number.isFinite(scenarioSeed)) {
    throw new RangeError(`deriveStream: scenarioSeed must be a finite number or a string (got ${scenarioSeed})`);
  }
  return new RandomStream(componentName, `${scenarioSeed}/${componentName}`);
}
