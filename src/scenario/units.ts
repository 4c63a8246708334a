/**
 * Quantities with units, as people write them in scenario files:
 * durations "10ms", "20min", "2h"; rates "3000/s", "180000/min";
 * sizes "60GB", "5GiB"; bandwidths "1Gbps", "100Mbps".
 *
 * Each parser returns the value in the simulator's base unit (seconds,
 * requests per second, bytes, bits per second) or a `UnitError` saying what
 * was expected. Plain numbers are refused: "10" could be seconds or
 * milliseconds, and a capacity plan should not depend on a guess.
 */

export class UnitError {
  constructor(
    readonly expected: string,
    readonly got: string,
    readonly suggestion?: string,
  ) {}
}

const NUMBER = '([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)';

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  sec: 1,
  min: 60,
  h: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};
const DURATION_UNIT = '(ns|us|µs|ms|sec|s|min|h|days?|d|weeks?|w)';
const DURATION_TERM = new RegExp(`${NUMBER}\\s*${DURATION_UNIT}(?![a-zµ])`, 'y');
/** One or more number+unit terms: "20min", "9min30s", "1h 30min". */
export const DURATION_PATTERN = `^\\s*([0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?\\s*(ns|us|µs|ms|sec|s|min|h|days?|d|weeks?|w)\\s*)+$`;
const DURATION_RE = new RegExp(DURATION_PATTERN);
export const DURATION_EXAMPLE = '"250ms", "30s", "20min", "1h30min", "7d"';

function quote(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}

/** Duration → seconds. */
export function parseDuration(v: unknown): number | UnitError {
  const expected = `a duration with a unit such as ${DURATION_EXAMPLE}`;
  if (typeof v === 'number') return new UnitError(expected, quote(v), `write "${v}s" or "${v}ms"`);
  if (typeof v !== 'string') return new UnitError(expected, quote(v));
  if (!DURATION_RE.test(v)) {
    const mm = /^\s*([0-9.]+)\s*m\s*$/.exec(v);
    if (mm) return new UnitError(expected, quote(v), `write "${mm[1]}min" for minutes or "${mm[1]}ms" for milliseconds`);
    const bare = /^\s*([0-9.]+)\s*$/.exec(v);
    return new UnitError(expected, quote(v), bare ? `add a unit: "${bare[1]}s" or "${bare[1]}ms"` : undefined);
  }
  // Sum the terms: "1h30min" = 3600 + 1800 s.
  let total = 0;
  let pos = v.search(/\S/);
  while (pos < v.length) {
    DURATION_TERM.lastIndex = pos;
    const m = DURATION_TERM.exec(v);
    if (!m) return new UnitError(expected, quote(v));
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    pos = DURATION_TERM.lastIndex;
    while (pos < v.length && /\s/.test(v[pos]!)) pos++;
  }
  return total;
}

const RATE_UNITS: Record<string, number> = { s: 1, sec: 1, min: 1 / 60, h: 1 / 3600, d: 1 / 86400, day: 1 / 86400 };
const RATE_RE = new RegExp(`^\\s*${NUMBER}\\s*(k|M)?\\s*(?:req(?:uests)?)?\\s*/\\s*(s|sec|min|h|d|day)\\s*$`);
export const RATE_PATTERN = `^\\s*[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?\\s*(k|M)?\\s*(req(uests)?)?\\s*/\\s*(s|sec|min|h|d|day)\\s*$`;
export const RATE_EXAMPLE = '"3000/s", "2.3k/s", "180000/min", "1M/day"';

/** Rate → events per second. */
export function parseRate(v: unknown): number | UnitError {
  const expected = `a rate with a unit such as ${RATE_EXAMPLE}`;
  if (typeof v === 'number') return new UnitError(expected, quote(v), `write "${v}/s"`);
  if (typeof v !== 'string') return new UnitError(expected, quote(v));
  const m = RATE_RE.exec(v);
  if (!m) {
    const rps = /^\s*([0-9.]+)\s*(rps|req\/s)\s*$/i.exec(v);
    return new UnitError(expected, quote(v), rps ? `write "${rps[1]}/s"` : undefined);
  }
  const mult = m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1;
  return Number(m[1]) * mult * RATE_UNITS[m[3]!]!;
}

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};
const SIZE_RE = new RegExp(`^\\s*${NUMBER}\\s*(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\\s*$`);
export const SIZE_PATTERN = `^\\s*[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?\\s*(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\\s*$`;

/** Size → bytes (kB, MB, GB are powers of 1000; KiB, MiB, GiB of 1024). */
export function parseSize(v: unknown): number | UnitError {
  const expected = 'a size with a unit such as "512kB", "60GB", "5GiB"';
  if (typeof v !== 'string') return new UnitError(expected, quote(v), typeof v === 'number' ? `write "${v}B" or "${v}MB"` : undefined);
  const m = SIZE_RE.exec(v);
  if (!m) return new UnitError(expected, quote(v), /bps$/i.test(v) ? 'that is a bandwidth; sizes are in B, kB, MB, GB' : undefined);
  return Number(m[1]) * SIZE_UNITS[m[2]!]!;
}

const BANDWIDTH_UNITS: Record<string, number> = { bps: 1, kbps: 1e3, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 };
const BANDWIDTH_RE = new RegExp(`^\\s*${NUMBER}\\s*(bps|kbps|Kbps|Mbps|Gbps|Tbps)\\s*$`);
export const BANDWIDTH_PATTERN = `^\\s*[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?\\s*(bps|kbps|Kbps|Mbps|Gbps|Tbps)\\s*$`;

/** Bandwidth → bits per second. */
export function parseBandwidth(v: unknown): number | UnitError {
  const expected = 'a bandwidth with a unit such as "100Mbps", "1Gbps"';
  if (typeof v !== 'string') return new UnitError(expected, quote(v), typeof v === 'number' ? `write "${v}Mbps" or "${v}Gbps"` : undefined);
  const m = BANDWIDTH_RE.exec(v);
  if (!m) return new UnitError(expected, quote(v), /B$/.test(v) ? 'that is a size; bandwidths are in bps, Mbps, Gbps' : undefined);
  return Number(m[1]) * BANDWIDTH_UNITS[m[2]!]!;
}

/** Format seconds for people: "250ms", "20min", "1.5h". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  if (seconds < 1e-3) return `${round(seconds * 1e6)}µs`;
  if (seconds < 1) return `${round(seconds * 1e3)}ms`;
  if (seconds < 120) return `${round(seconds)}s`;
  if (seconds < 7200) return `${round(seconds / 60)}min`;
  if (seconds < 172800) return `${round(seconds / 3600)}h`;
  return `${round(seconds / 86400)}d`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
