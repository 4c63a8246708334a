/** Distribution specs from a scenario → Distribution objects (durations in seconds). */
import {
  BoundedPareto,
  Constant,
  Empirical,
  Erlang,
  Exponential,
  Gamma,
  LogNormal,
  TruncatedNormal,
  Uniform,
  Weibull,
  type Distribution,
} from '../rng/distributions.js';
import type { Collector, Path } from './collector.js';
import type { DistributionSpec } from './schema.js';
import { formatDuration } from './units.js';

export function buildDistribution(c: Collector, path: Path, spec: DistributionSpec): Distribution | undefined {
  const d = buildDistributionUnchecked(c, path, spec);
  if (d !== undefined && !(Number.isFinite(d.mean) && d.variance >= 0)) {
    c.error(path, `the parameters give a distribution without a finite mean (${d.describe()})`, 'use smaller parameters');
    return undefined;
  }
  return d;
}

function buildDistributionUnchecked(c: Collector, path: Path, spec: DistributionSpec): Distribution | undefined {
  const s = (k: string, v: unknown): number => c.seconds([...path, k], v);
  try {
    switch (spec.dist) {
      case 'constant':
        return new Constant(s('value', spec.value));
      case 'exponential':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => new Exponential(s('mean', spec.mean)));
      case 'uniform': {
        const lo = s('min', spec.min);
        const hi = s('max', spec.max);
        if (!(hi > lo)) {
          c.error([...path, 'max'], `must be greater than min (${spec.min}), got ${spec.max}`);
          return undefined;
        }
        return new Uniform(lo, hi);
      }
      case 'normal':
        // A duration cannot be negative: the normal is truncated at zero (draws below are drawn again), as documented.
        return new TruncatedNormal(s('mean', spec.mean), s('sd', spec.sd));
      case 'lognormal':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => LogNormal.fromMeanCv(s('mean', spec.mean), spec.cv));
      case 'erlang':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => new Erlang(spec.k, s('mean', spec.mean)));
      case 'gamma':
        return positive(c, [...path, 'mean'], s('mean', spec.mean), () => new Gamma(spec.shape, s('mean', spec.mean)));
      case 'pareto': {
        const lo = s('min', spec.min);
        const hi = s('max', spec.max);
        if (!(lo > 0) || !(hi > lo)) {
          c.error([...path], `bounded Pareto needs 0 < min < max, got min ${spec.min}, max ${spec.max}`);
          return undefined;
        }
        return new BoundedPareto(spec.alpha, lo, hi);
      }
      case 'weibull':
        return positive(c, [...path, 'scale'], s('scale', spec.scale), () => new Weibull(spec.shape, s('scale', spec.scale)));
      case 'empirical':
        return Empirical.fromValues(spec.values.map((v, i) => c.seconds([...path, 'values', i], v)));
    }
  } catch (e) {
    c.error(path, `invalid ${spec.dist} parameters: ${e instanceof Error ? e.message : String(e)}`, 'check the orders of magnitude');
  }
  return undefined;
}

function positive(c: Collector, path: Path, value: number, build: () => Distribution): Distribution | undefined {
  if (!(value > 0)) {
    c.error(path, `must be greater than zero, got ${formatDuration(value)}`);
    return undefined;
  }
  return build();
}

