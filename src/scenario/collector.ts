/**
 * Collects the problems found while resolving a scenario (every one, not the
 * first), each located by its JSON path and attributed to the file that
 * wrote it.
 */
import { didYouMean } from './did-you-mean.js';
import { formatPath, type Problem } from './scenario-error.js';
import { parseDuration, parseRate, parseSize, UnitError } from './units.js';
import type { FileOf } from './zod-problems.js';

export type Path = Array<string | number>;

export class Collector {
  readonly problems: Problem[] = [];
  constructor(readonly fileOf: FileOf) {}

  error(path: Path, message: string, suggestion?: string): void {
    this.problems.push({ file: this.fileOf(path), path: formatPath(path), message, severity: 'error', ...(suggestion ? { suggestion } : {}) });
  }

  warn(path: Path, message: string, suggestion?: string): void {
    this.problems.push({ file: this.fileOf(path), path: formatPath(path), message, severity: 'warning', ...(suggestion ? { suggestion } : {}) });
  }

  /** A unit value the schema already checked; a failure here is reported, not thrown. */
  seconds(path: Path, v: unknown): number {
    return this.finite(path, v, parseDuration(v));
  }

  perSecond(path: Path, v: unknown): number {
    return this.finite(path, v, parseRate(v));
  }

  bytes(path: Path, v: unknown): number {
    return this.finite(path, v, parseSize(v));
  }

  private finite(path: Path, v: unknown, r: number | UnitError): number {
    if (r instanceof UnitError) {
      this.error(path, `expected ${r.expected}, got ${r.got}`, r.suggestion);
      return NaN;
    }
    if (!Number.isFinite(r)) {
      this.error(path, `expected a finite quantity, got ${JSON.stringify(v)}`);
      return NaN;
    }
    return r;
  }

  reference(path: Path, name: string, known: readonly string[], what: string): boolean {
    if (known.includes(name)) return true;
    const guess = didYouMean(name, known);
    this.error(
      path,
      `unknown ${what} "${name}" (expected one of: ${known.join(', ') || 'none defined'})`,
      guess ? `did you mean "${guess}"?` : undefined,
    );
    return false;
  }
}

