/**
 * Replaying recorded traffic from CSV files.
 *
 * Two forms:
 * - a **timestamps trace** ({@link TimestampTrace}): one arrival per line,
 *   `time[,class]`. Read through one fixed-size buffer with
 *   `fs.openSync`/`readSync` as the simulation asks for arrivals, so a
 *   multi-gigabyte log replays in constant memory;
 * - a **rate trace** ({@link loadRateTrace}): `time,rate` lines (e.g. one per
 *   second) compiled to piecewise-constant RateProfile breakpoints, then
 *   sampled as a Poisson process. Loaded whole, so refused above a size limit.
 *
 * Common format rules:
 * - fields are separated by commas; spaces and tabs around a field are
 *   ignored; a field may be wrapped in double quotes (no commas or escaped
 *   quotes inside); columns after the ones used are ignored (logs often carry
 *   more); `\n` or `\r\n` line ends; a UTF-8 byte-order mark is skipped;
 * - blank lines and lines starting with `#` are skipped; the first other line
 *   is a header, and skipped, if its first field starts with a letter;
 * - a time is either a number of seconds since the start of the run (used as
 *   is), or an ISO 8601 date-time `YYYY-MM-DD[Thh:mm[:ss[.fraction]]][Z|±hh:mm]`
 *   (`T` or a space; no zone means UTC, so a replay never depends on the
 *   machine's time zone), in which case the first line is t = 0. The first
 *   data line decides which form the whole file uses. Fractions of a second
 *   beyond nanoseconds are ignored.
 * - errors (unsorted times, bad numbers, unknown classes, a line too long for
 *   the buffer) throw a {@link TraceError} carrying the 1-based line number.
 *
 * Files are always named relative to a base directory (the scenario's) and
 * refused if they would resolve outside it: see {@link resolveInside}.
 */
import { closeSync, fstatSync, lstatSync, readSync, realpathSync } from 'node:fs';
import { InputFileError, openRegularFile } from '../io/input-file.js';
import { basename, dirname, isAbsolute, join, relative, resolve, sep, win32 } from 'node:path';

/** A problem in a trace file; `line` is 1-based, 0 for the file as a whole. */
export class TraceError extends Error {
  /** 1-based line number, or 0 when the problem is not on one line (path, size, missing file). */
  readonly line: number;
  /** The file as the scenario named it. */
  readonly file: string;
  /** The message without the `file:line:` prefix. */
  readonly detail: string;

  constructor(file: string, line: number, detail: string) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = 'TraceError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Real path of `p`, resolving symbolic links in its longest existing prefix. */
function realExisting(p: string, shown: string): string {
  try {
    return realpathSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    let isLink = false;
    try {
      isLink = lstatSync(p).isSymbolicLink();
    } catch {
      // does not exist at all: fine, resolve the parent
    }
    if (isLink) throw new TraceError(shown, 0, 'is a symbolic link to a missing file');
    const parent = dirname(p);
    if (parent === p) return p;
    return join(realExisting(parent, shown), basename(p));
  }
}

/**
 * The real absolute path of `relPath` inside `baseDir`.
 *
 * Refuses (with a {@link TraceError}, line 0) absolute paths, paths whose
 * `..` segments leave `baseDir`, and paths that leave it through a symbolic
 * link (checked on the real paths of both, for the part that exists). The
 * file itself need not exist: opening it reports that.
 */
export function resolveInside(baseDir: string, relPath: string): string {
  if (relPath === '' || relPath.includes('\0')) throw new TraceError(JSON.stringify(relPath), 0, 'expected a file path relative to the scenario directory');
  if (isAbsolute(relPath) || win32.isAbsolute(relPath)) {
    throw new TraceError(relPath, 0, `absolute paths are refused: give the path relative to ${baseDir}`);
  }
  const root = realpathSync(resolve(baseDir));
  const lexical = resolve(root, relPath);
  if (!isInside(root, lexical)) throw new TraceError(relPath, 0, `is outside ${baseDir}: trace files must stay in the scenario's directory tree`);
  const real = realExisting(lexical, relPath);
  if (!isInside(root, real)) throw new TraceError(relPath, 0, `leads outside ${baseDir} through a symbolic link`);
  return real;
}

// ---------------------------------------------------------------------------
// Byte-level line reading and field parsing (no allocation per line)
// ---------------------------------------------------------------------------

const NL = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const D0 = 48;
const D9 = 57;

/** Exact powers of ten (every 10^k with k ≤ 22 is a double). */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const MAX_EXACT = 2 ** 53;

function isDigit(c: number): boolean {
  return c >= D0 && c <= D9;
}

/**
 * A decimal number in buf[a, b), or NaN if it is not one. Same syntax and
 * same value as `Number()` on plain decimals ([+-]digits[.digits][e±digits]).
 *
 * Why by hand: `Number(buf.toString(...))` allocates a string per line. With
 * at most 2^53 as digit mantissa and |10-exponent| ≤ 22, mantissa and power
 * are both exact doubles and one multiplication or division is correctly
 * rounded (Clinger's fast path), i.e. the very value `Number()` returns.
 * Other numbers (17 significant digits, huge exponents) fall back to
 * `Number()` on a string: exact, and rare in traces.
 */
function parseDecimal(buf: Buffer, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (i < b && (buf[i] === PLUS || buf[i] === MINUS)) {
    neg = buf[i] === MINUS;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let fracDigits = 0;
  while (i < b && isDigit(buf[i]!)) {
    mant = mant * 10 + (buf[i]! - D0);
    digits++;
    i++;
  }
  if (i < b && buf[i] === DOT) {
    i++;
    while (i < b && isDigit(buf[i]!)) {
      mant = mant * 10 + (buf[i]! - D0);
      digits++;
      fracDigits++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  let exp = 0;
  if (i < b && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let expNeg = false;
    if (i < b && (buf[i] === PLUS || buf[i] === MINUS)) {
      expNeg = buf[i] === MINUS;
      i++;
    }
    let expDigits = 0;
    while (i < b && isDigit(buf[i]!)) {
      if (exp < 100_000) exp = exp * 10 + (buf[i]! - D0);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return NaN;
    if (expNeg) exp = -exp;
  }
  if (i !== b) return NaN;
  const k = exp - fracDigits;
  let v: number;
  if (mant <= MAX_EXACT && k >= 0 && k <= 22) v = mant * POW10[k]!;
  else if (mant <= MAX_EXACT && k < 0 && k >= -22) v = mant / POW10[-k]!;
  else return Number(buf.toString('latin1', a, b));
  return neg ? -v : v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Reads a file line by line through one buffer; the current line is buf[lineStart, lineEnd). */
class LineReader {
  readonly buf: Buffer;
  lineStart = 0;
  lineEnd = 0;
  /** 1-based number of the current line. */
  lineNo = 0;
  private fd = -1;
  private pos = 0;
  private end = 0;
  private filePos = 0;
  private eof = false;

  constructor(
    private readonly path: string,
    private readonly shown: string,
    bufferSize: number,
  ) {
    this.buf = Buffer.alloc(bufferSize);
    this.open();
  }

  /** Opens the file if it is a regular one: a FIFO or a device is refused at once, never read (input-file.ts). */
  private open(): void {
    try {
      this.fd = openRegularFile(this.path).fd;
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      throw new TraceError(this.shown, 0, err.code === 'ENOENT' ? 'file not found' : err.detail);
    }
  }

  /** Size of the file [bytes]. */
  size(): number {
    return fstatSync(this.fd).size;
  }

  /** Advance to the next line; false at the end of the file (which is then closed). */
  next(): boolean {
    const buf = this.buf;
    let scan = this.pos;
    for (;;) {
      // Buffer#indexOf is native and allocation-free; bytes past `end` are stale, hence the bound check.
      const nl = scan < this.end ? buf.indexOf(NL, scan) : -1;
      if (nl !== -1 && nl < this.end) {
        this.setLine(this.pos, nl);
        this.pos = nl + 1;
        return true;
      }
      if (this.eof) {
        if (this.pos < this.end) {
          this.setLine(this.pos, this.end);
          this.pos = this.end;
          return true;
        }
        this.close();
        return false;
      }
      // Need more bytes: move the partial line to the front and fill the rest.
      if (this.pos > 0) {
        buf.copyWithin(0, this.pos, this.end);
        this.end -= this.pos;
        this.pos = 0;
      }
      if (this.end === buf.length) {
        throw new TraceError(this.shown, this.lineNo + 1, `line longer than the ${buf.length}-byte read buffer`);
      }
      scan = this.end;
      const n = readSync(this.fd, buf, this.end, buf.length - this.end, this.filePos);
      this.filePos += n;
      this.end += n;
      if (n === 0) this.eof = true;
    }
  }

  private setLine(a: number, b: number): void {
    this.lineNo++;
    if (b > a && this.buf[b - 1] === CR) b--;
    if (this.lineNo === 1 && b - a >= 3 && this.buf[a] === 0xef && this.buf[a + 1] === 0xbb && this.buf[a + 2] === 0xbf) a += 3;
    this.lineStart = a;
    this.lineEnd = b;
  }

  /** Back to the first line (reopening the file if it was closed at its end). */
  rewind(): void {
    if (this.fd < 0) this.open();
    this.pos = 0;
    this.end = 0;
    this.filePos = 0;
    this.eof = false;
    this.lineNo = 0;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

const MODE_UNKNOWN = 0;
const MODE_SECONDS = 1;
const MODE_ISO = 2;

/**
 * Splits records into their first two fields and turns the first into a
 * time [s]; shared by both trace forms. Field bounds are plain integers into
 * the reader's buffer: nothing is allocated per line.
 */
class RecordParser {
  readonly reader: LineReader;
  readonly shown: string;
  /** Bounds of the first field (time) and of the second (-1 if absent) in the reader's buffer. */
  f1a = 0;
  f1b = 0;
  f2a = -1;
  f2b = -1;
  private mode = MODE_UNKNOWN;
  private sawRecord = false;
  private lastTime = -Infinity;
  private originWhole = 0;
  private originNanos = 0;
  /** No ISO record has set the origin (t = 0) yet. */
  private originPending = true;
  private isoWhole = 0;
  private isoNanos = 0;
  /** Cursor of the ISO parser in the buffer. */
  private isoPos = 0;

  constructor(reader: LineReader, shown: string) {
    this.reader = reader;
    this.shown = shown;
  }

  get line(): number {
    return this.reader.lineNo;
  }

  error(detail: string): TraceError {
    return new TraceError(this.shown, this.reader.lineNo, detail);
  }

  text(a: number, b: number): string {
    return this.reader.buf.toString('utf8', a, b);
  }

  rewind(): void {
    this.reader.rewind();
    this.mode = MODE_UNKNOWN;
    this.sawRecord = false;
    this.lastTime = -Infinity;
    this.originPending = true;
  }

  /** Advance to the next data record (skipping blanks, comments and a header); false at the end. */
  nextRecord(): boolean {
    const r = this.reader;
    const buf = r.buf;
    while (r.next()) {
      let a = r.lineStart;
      const end = r.lineEnd;
      while (a < end && (buf[a] === SPACE || buf[a] === TAB)) a++;
      if (a === end || buf[a] === HASH) continue;
      let c = a;
      while (c < end && buf[c] !== COMMA) c++;
      this.setField(1, a, c);
      if (c < end) {
        let d = c + 1;
        while (d < end && buf[d] !== COMMA) d++;
        this.setField(2, c + 1, d);
      } else {
        this.f2a = -1;
        this.f2b = -1;
      }
      if (!this.sawRecord) {
        this.sawRecord = true;
        const first = buf[this.f1a];
        // A header: the first record's first field starts with a letter.
        if (first !== undefined && this.f1a < this.f1b && ((first | 0x20) >= 97 && (first | 0x20) <= 122)) continue;
      }
      return true;
    }
    return false;
  }

  /** Sets field 1 (`which` = 1) or 2 to buf[a, b) without blanks around it and one pair of surrounding quotes. */
  private setField(which: 1 | 2, a: number, b: number): void {
    const buf = this.reader.buf;
    while (a < b && (buf[a] === SPACE || buf[a] === TAB)) a++;
    while (b > a && (buf[b - 1] === SPACE || buf[b - 1] === TAB)) b--;
    if (b - a >= 2 && buf[a] === QUOTE && buf[b - 1] === QUOTE) {
      a++;
      b--;
    }
    if (which === 1) {
      this.f1a = a;
      this.f1b = b;
    } else {
      this.f2a = a;
      this.f2b = b;
    }
  }

  /**
   * The current record's time [s] from the first field. Times must not
   * decrease (`strict`: must increase).
   */
  time(strict: boolean): number {
    const buf = this.reader.buf;
    const a = this.f1a;
    const b = this.f1b;
    if (a === b) throw this.error('missing time in the first column');
    const iso = b - a >= 10 && isDigit(buf[a]!) && buf[a + 4] === MINUS && buf[a + 7] === MINUS;
    if (this.mode === MODE_UNKNOWN) this.mode = iso ? MODE_ISO : MODE_SECONDS;
    let t: number;
    if (this.mode === MODE_ISO) {
      if (!iso || !this.parseIso(a, b)) {
        throw this.error(`"${this.text(a, b)}" is not an ISO date-time like YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm] (the first line set that form)`);
      }
      if (this.originPending) {
        this.originPending = false;
        this.originWhole = this.isoWhole;
        this.originNanos = this.isoNanos;
      }
      const dW = this.isoWhole - this.originWhole;
      const dN = this.isoNanos - this.originNanos;
      // Integer nanoseconds and one division: the correctly rounded difference (exact replay of ms/µs stamps).
      t = Math.abs(dW) < 9e6 ? (dW * 1e9 + dN) / 1e9 : dW + dN / 1e9;
    } else {
      t = parseDecimal(buf, a, b);
      if (Number.isNaN(t)) {
        throw this.error(`"${this.text(a, b)}" is not a number of seconds${iso ? ' (ISO date-times are allowed only if the first line uses one)' : ''}`);
      }
      if (!(t >= 0) || t === Infinity) throw this.error(`time ${this.text(a, b)} must be a finite number of seconds ≥ 0`);
    }
    if (strict ? !(t > this.lastTime) : t < this.lastTime) {
      throw this.error(`time ${t} s is ${strict && t === this.lastTime ? 'the same as' : 'before'} the previous line's (${this.lastTime} s): the trace must be sorted by time${strict ? ', each interval once' : ''}`);
    }
    this.lastTime = t;
    return t;
  }

  /** `n` digits at the ISO cursor (advancing it), or -1. A method, not a closure: nothing allocated per line. */
  private isoDigits(n: number, b: number): number {
    const buf = this.reader.buf;
    const i = this.isoPos;
    if (i + n > b) return -1;
    let v = 0;
    for (let k = 0; k < n; k++) {
      const c = buf[i + k]!;
      if (!isDigit(c)) return -1;
      v = v * 10 + (c - D0);
    }
    this.isoPos = i + n;
    return v;
  }

  /** The byte at the ISO cursor (advancing it), or -1 at the end of the field. */
  private isoByte(b: number): number {
    return this.isoPos < b ? this.reader.buf[this.isoPos++]! : -1;
  }

  /** Parses an ISO date-time in buf[a, b) into isoWhole [s since epoch, UTC] and isoNanos; false if malformed. */
  private parseIso(a: number, b: number): boolean {
    const buf = this.reader.buf;
    this.isoPos = a;
    const y = this.isoDigits(4, b);
    if (y < 0 || this.isoByte(b) !== MINUS) return false;
    const mo = this.isoDigits(2, b);
    if (mo < 1 || mo > 12 || this.isoByte(b) !== MINUS) return false;
    const d = this.isoDigits(2, b);
    if (d < 1 || d > daysInMonth(y, mo)) return false;
    let h = 0;
    let mi = 0;
    let s = 0;
    let nanos = 0;
    let offset = 0;
    if (this.isoPos < b) {
      const sepc = this.isoByte(b);
      if (sepc !== 84 && sepc !== 116 && sepc !== SPACE) return false; // 'T', 't', ' '
      h = this.isoDigits(2, b);
      if (h < 0 || h > 23 || this.isoByte(b) !== COLON) return false;
      mi = this.isoDigits(2, b);
      if (mi < 0 || mi > 59) return false;
      if (this.isoPos < b && buf[this.isoPos] === COLON) {
        this.isoPos++;
        s = this.isoDigits(2, b);
        if (s < 0 || s > 59) return false;
        if (this.isoPos < b && buf[this.isoPos] === DOT) {
          this.isoPos++;
          let n = 0;
          while (this.isoPos < b && isDigit(buf[this.isoPos]!)) {
            if (n < 9) nanos = nanos * 10 + (buf[this.isoPos]! - D0);
            n++;
            this.isoPos++;
          }
          if (n === 0) return false;
          for (let k = n; k < 9; k++) nanos *= 10;
        }
      }
      if (this.isoPos < b) {
        const z = this.isoByte(b);
        if (z === PLUS || z === MINUS) {
          const oh = this.isoDigits(2, b);
          if (oh < 0 || oh > 23) return false;
          if (this.isoPos < b && buf[this.isoPos] === COLON) this.isoPos++;
          const om = this.isoDigits(2, b);
          if (om < 0 || om > 59) return false;
          offset = (z === MINUS ? -1 : 1) * (oh * 3600 + om * 60);
        } else if (z !== 90 && z !== 122) {
          return false; // not 'Z' / 'z'
        }
      }
    }
    if (this.isoPos !== b) return false;
    this.isoWhole = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
    this.isoNanos = nanos;
    return true;
  }

  /** The second field as a finite number ≥ 0 (a rate), with `what` naming it in errors. */
  nonNegative(what: string): number {
    if (this.f2a < 0 || this.f2a === this.f2b) throw this.error(`missing ${what} in the second column`);
    const v = parseDecimal(this.reader.buf, this.f2a, this.f2b);
    if (Number.isNaN(v)) throw this.error(`${what} "${this.text(this.f2a, this.f2b)}" is not a number`);
    if (!(v >= 0) || v === Infinity) throw this.error(`${what} ${this.text(this.f2a, this.f2b)} must be finite and ≥ 0`);
    return v;
  }
}

// ---------------------------------------------------------------------------
// Timestamps trace
// ---------------------------------------------------------------------------

export interface TimestampTraceOptions {
  /** Read buffer size [bytes] (default 65,536; at least 16). Every line, with its line end, must fit in it. */
  bufferSize?: number;
  /**
   * The scenario's request classes: a class name in the trace must be one of
   * them and `classIndex` is its position here. Default: any name, numbered
   * in order of first appearance (see `classNames`).
   */
  classes?: readonly string[];
}

/**
 * Replays a timestamps trace: one arrival per line, `time[,class]`, times not
 * decreasing (equal times are allowed: logs with millisecond stamps have
 * them). Streaming: memory is the read buffer plus the class names.
 *
 * Per arrival, {@link next} parses bytes in place: no string, no object is
 * allocated (except the first time a class name is met when `classes` is
 * not given, and for numbers outside the fast path of the number parser).
 */
export class TimestampTrace {
  /** The file as the scenario named it. */
  readonly file: string;
  /**
   * Class of the arrival last returned by {@link next}: an index into
   * {@link classNames}, or -1 when the line has no class column (the source
   * then uses its own class mix).
   */
  classIndex = -1;
  /** Arrivals returned since the start (or the last rewind). */
  arrivals = 0;
  private readonly parser: RecordParser;
  private readonly names: string[];
  private readonly nameBytes: Buffer[];
  private readonly fixedClasses: boolean;

  /**
   * Opens `relPath` inside `baseDir` (see {@link resolveInside}).
   * @throws TraceError if the path escapes `baseDir` or the file cannot be opened.
   */
  constructor(baseDir: string, relPath: string, options: TimestampTraceOptions = {}) {
    const bufferSize = options.bufferSize ?? 65_536;
    if (!Number.isInteger(bufferSize) || bufferSize < 16) throw new RangeError(`bufferSize must be an integer ≥ 16 [bytes], got ${bufferSize}`);
    this.file = relPath;
    const path = resolveInside(baseDir, relPath);
    this.parser = new RecordParser(new LineReader(path, relPath, bufferSize), relPath);
    this.fixedClasses = options.classes !== undefined;
    this.names = options.classes ? [...options.classes] : [];
    this.nameBytes = this.names.map((n) => Buffer.from(n, 'utf8'));
  }

  /** Class names: the given `classes`, or those met so far in order of first appearance. */
  get classNames(): readonly string[] {
    return this.names;
  }

  /** Name of the class of the arrival last returned by {@link next} (undefined if none). */
  get className(): string | undefined {
    return this.classIndex < 0 ? undefined : this.names[this.classIndex];
  }

  /** Line number of the arrival last returned (1-based). */
  get line(): number {
    return this.parser.line;
  }

  /**
   * The next arrival time [s] (not before the previous one), or Infinity at
   * the end of the file; sets {@link classIndex}.
   * @throws TraceError naming the line for a bad or unsorted time or an unknown class.
   */
  next(): number {
    const p = this.parser;
    if (!p.nextRecord()) {
      this.classIndex = -1;
      return Infinity;
    }
    const t = p.time(false);
    this.classIndex = p.f2a < 0 || p.f2a === p.f2b ? -1 : this.lookupClass(p.f2a, p.f2b);
    this.arrivals++;
    return t;
  }

  /** Start again from the first line (a new replication). */
  rewind(): void {
    this.parser.rewind();
    this.classIndex = -1;
    this.arrivals = 0;
  }

  /** Release the file (done automatically at its end). */
  close(): void {
    this.parser.reader.close();
  }

  private lookupClass(a: number, b: number): number {
    const buf = this.parser.reader.buf;
    const len = b - a;
    // Runs of one class are common: try the previous one first.
    const prev = this.classIndex;
    if (prev >= 0 && sameBytes(buf, a, len, this.nameBytes[prev]!)) return prev;
    for (let i = 0; i < this.nameBytes.length; i++) if (sameBytes(buf, a, len, this.nameBytes[i]!)) return i;
    const name = this.parser.text(a, b);
    if (this.fixedClasses) {
      throw this.parser.error(`unknown request class "${name}" (the scenario has ${this.names.map((n) => `"${n}"`).join(', ')})`);
    }
    if (this.names.length >= 1000) throw this.parser.error('more than 1,000 distinct request classes: is the second column really the class?');
    this.names.push(name);
    this.nameBytes.push(Buffer.from(name, 'utf8'));
    return this.names.length - 1;
  }
}

function sameBytes(buf: Buffer, a: number, len: number, name: Buffer): boolean {
  if (name.length !== len) return false;
  for (let i = 0; i < len; i++) if (buf[a + i] !== name[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------
// Rate trace
// ---------------------------------------------------------------------------

export interface RateTraceOptions {
  /** Largest file accepted [bytes]; default 4 MiB (~250,000 lines, a few days of per-second rates). */
  maxBytes?: number;
  /** Length of the last line's interval [s]; default the previous line's interval (1 s for a one-line file). */
  lastInterval?: number;
  /** Rate after the last interval: 'zero' (the trace is over; default) or 'hold' the last rate. */
  after?: 'zero' | 'hold';
}

/**
 * Compiles a rate trace — `time,rate` lines, the rate [req/s] holding from
 * its time until the next line's — into piecewise-constant RateProfile
 * breakpoints (a step, i.e. two points at the same time, at each change;
 * runs of equal rates are merged). Before the first time (seconds form) the
 * rate is 0. Arrivals are then a Poisson process with that rate: expected
 * arrivals in a line's interval = rate · interval.
 *
 * The whole file is compiled into memory, so a file above `maxBytes` is
 * refused before reading; replay such traffic as a timestamps trace.
 * @throws TraceError (with the line) for bad or non-increasing times or rates.
 */
export function loadRateTrace(baseDir: string, relPath: string, options: RateTraceOptions = {}): Array<[number, number]> {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const path = resolveInside(baseDir, relPath);
  const reader = new LineReader(path, relPath, 65_536);
  try {
    const size = reader.size();
    if (size > maxBytes) {
      throw new TraceError(
        relPath,
        0,
        `is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit for a rate trace (rate traces are compiled into memory); ` +
          'replay it as a timestamps trace (one arrival per line, streamed), aggregate it to longer intervals, or raise the limit',
      );
    }
    const p = new RecordParser(reader, relPath);
    const points: Array<[number, number]> = [];
    let cur = 0;
    let prevT = NaN;
    let lastT = NaN;
    const setRate = (t: number, r: number): void => {
      if (points.length === 0) {
        if (t === 0) {
          points.push([0, r]);
          cur = r;
          return;
        }
        points.push([0, 0]);
        cur = 0;
      }
      if (r === cur) return;
      points.push([t, cur], [t, r]);
      cur = r;
    };
    while (p.nextRecord()) {
      const t = p.time(true);
      const r = p.nonNegative('rate');
      setRate(t, r);
      prevT = lastT;
      lastT = t;
    }
    if (points.length === 0) throw new TraceError(relPath, 0, 'has no data lines (expected time,rate lines)');
    const interval = options.lastInterval ?? (Number.isNaN(prevT) ? 1 : lastT - prevT);
    if (!(interval > 0) || !Number.isFinite(interval)) throw new RangeError(`lastInterval must be a finite duration > 0 [s], got ${interval}`);
    const end = lastT + interval;
    points.push([end, cur]);
    if ((options.after ?? 'zero') === 'zero' && cur !== 0) points.push([end, 0]);
    return points;
  } finally {
    reader.close();
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
