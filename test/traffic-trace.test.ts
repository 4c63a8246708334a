/**
 * Trace replay: timestamps traces (streamed) and rate traces (compiled).
 * Files are written to a fresh temporary directory per test file.
 *
 * The rate-trace sampling check: over R replications, arrivals in an
 * interval of the trace are Poisson with mean μ = R·rate·length, standard
 * deviation √μ; each interval is held to 4.5σ (false alarm 7·10⁻⁶ per check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRateTrace, resolveInside, TimestampTrace, TraceError } from '../src/traffic/trace.js';
import { RateProfile } from '../src/traffic/rate-profile.js';
import { deriveStream } from '../src/rng/stream.js';

let root: string; // holds base/ and outside/
let base: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'traffic-trace-'));
  base = join(root, 'base');
  mkdirSync(join(base, 'sub'), { recursive: true });
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.csv'), '0\n1\n');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  writeFileSync(join(base, name), text);
  return name;
}

/** Reads a whole trace: times and class names. */
function readAll(trace: TimestampTrace): { times: number[]; classes: Array<string | undefined> } {
  const times: number[] = [];
  const classes: Array<string | undefined> = [];
  for (;;) {
    const t = trace.next();
    if (t === Infinity) break;
    times.push(t);
    classes.push(trace.className);
  }
  return { times, classes };
}

function expectTraceError(f: () => unknown, line: number, pattern: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TraceError);
  const err = caught as TraceError;
  expect(err.line).toBe(line);
  expect(err.message).toMatch(pattern);
}

describe('TimestampTrace', () => {
  it('replays a file much larger than its read buffer exactly (times and classes), header and odd lines included', () => {
    const rng = deriveStream(3, 'trace-writer');
    const names = ['web', 'api', 'static'];
    const times: number[] = [];
    const classes: string[] = [];
    const lines = ['time,class,comment'];
    let t = 0;
    for (let i = 0; i < 5000; i++) {
      t += -Math.log(1 - rng.next()) / 50;
      // Mix of textual forms: 6 decimals (fast path), full 17-digit doubles (fallback), exponents.
      const text = i % 3 === 0 ? t.toFixed(6) : i % 3 === 1 ? String(t) : t.toExponential(9);
      const cls = names[Math.floor(rng.next() * 3)]!;
      times.push(Number(text));
      classes.push(cls);
      // Odd but valid lines: CRLF, blanks around fields, quoted class, extra column.
      lines.push(i % 7 === 0 ? `${text},${cls}\r` : i % 11 === 0 ? `  ${text} , "${cls}" ` : i % 13 === 0 ? `${text},${cls},extra` : `${text},${cls}`);
      if (i % 500 === 0) lines.push('', '# a comment');
    }
    write('big.csv', lines.join('\n') + '\n');
    const trace = new TimestampTrace(base, 'big.csv', { bufferSize: 64 });
    const got = readAll(trace);
    expect(got.times).toEqual(times); // exact, every value
    expect(got.classes).toEqual(classes);
    expect(trace.classNames).toEqual(expect.arrayContaining(names));
    expect(trace.next()).toBe(Infinity); // stays at the end
    // A new replication replays the same.
    trace.rewind();
    const again = readAll(trace);
    expect(again.times).toEqual(times);
  });

  it('uses the scenario classes when given: indexes follow them, an unknown class names its line', () => {
    write('classes.csv', '0.5,api\n1,web\n1,web\n2\n3,admin\n');
    const trace = new TimestampTrace(base, 'classes.csv', { classes: ['web', 'api'] });
    expect(trace.next()).toBe(0.5);
    expect(trace.classIndex).toBe(1);
    expect(trace.next()).toBe(1);
    expect(trace.classIndex).toBe(0);
    expect(trace.next()).toBe(1); // equal times are fine
    expect(trace.next()).toBe(2);
    expect(trace.classIndex).toBe(-1); // no class column: the source's mix decides
    expect(trace.className).toBeUndefined();
    expectTraceError(() => trace.next(), 5, /unknown request class "admin"/);
  });

  it('ISO date-times: the first line is t = 0; zones, fractions and a space separator', () => {
    const t0 = Date.parse('2024-06-14T20:00:00.000Z');
    const stamps = [
      ['2024-06-14T20:00:00.000Z', t0],
      ['2024-06-14T20:00:00.250Z', t0 + 250],
      ['2024-06-14 20:00:01.5', t0 + 1500], // no zone: UTC
      ['2024-06-14T22:00:03+02:00', t0 + 3000],
      ['2024-06-14T20:59:59.999Z', t0 + 3599_999],
      ['2024-06-15T00:00Z', t0 + 4 * 3600_000], // midnight, minutes only
      ['2024-06-16T19:30:00-0030', t0 + (48 * 60) * 60_000], // 2 days later
    ] as const;
    write('iso.csv', 'timestamp,class\n' + stamps.map(([s], i) => `${s},${i % 2 ? 'b' : 'a'}`).join('\n'));
    const got = readAll(new TimestampTrace(base, 'iso.csv'));
    expect(got.times).toEqual(stamps.map(([, ms]) => (ms - t0) / 1000));
    expect(got.classes).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a']);

    // Microseconds are replayed exactly too.
    write('iso-us.csv', '2024-02-29T23:59:59.999999Z\n2024-03-01T00:00:00.000001Z\n');
    const us = readAll(new TimestampTrace(base, 'iso-us.csv'));
    expect(us.times).toEqual([0, 2e-6]);
  });

  it('errors name the line', () => {
    write('unsorted.csv', 'time\n1\n2\n1.5\n');
    expectTraceError(() => readAll(new TimestampTrace(base, 'unsorted.csv')), 4, /before the previous line's \(2 s\).*sorted/);
    write('badnum.csv', '1\n2\n# fine\n2.5.1\n');
    expectTraceError(() => readAll(new TimestampTrace(base, 'badnum.csv')), 4, /"2\.5\.1" is not a number/);
    write('negative.csv', '-1\n');
    expectTraceError(() => readAll(new TimestampTrace(base, 'negative.csv')), 1, /≥ 0/);
    write('mixed.csv', '2024-06-14T20:00:00Z\n2024-06-14T20:00:01Z\n3\n');
    expectTraceError(() => readAll(new TimestampTrace(base, 'mixed.csv')), 3, /not an ISO date-time/);
    write('baddate.csv', '2024-02-30T20:00:00Z\n');
    expectTraceError(() => readAll(new TimestampTrace(base, 'baddate.csv')), 1, /not an ISO date-time/);
    write('long.csv', '1\n2\n' + '3'.repeat(100) + '\n');
    expectTraceError(() => readAll(new TimestampTrace(base, 'long.csv', { bufferSize: 32 })), 3, /longer than the 32-byte read buffer/);
    expectTraceError(() => new TimestampTrace(base, 'missing.csv'), 0, /not found/);
    const err = (() => {
      try {
        readAll(new TimestampTrace(base, 'unsorted.csv'));
      } catch (e) {
        return e as TraceError;
      }
      return undefined;
    })();
    expect(err?.message.startsWith('unsorted.csv:4: ')).toBe(true);
  });
});

describe('resolveInside', () => {
  it('accepts paths inside the base directory', () => {
    write('sub/a.csv', '0\n');
    expect(resolveInside(base, 'sub/a.csv')).toMatch(/sub[/\\]a\.csv$/);
    expect(resolveInside(base, 'sub/../sub/./a.csv')).toBe(resolveInside(base, 'sub/a.csv'));
    expect(resolveInside(base, 'not-yet-written.csv')).toMatch(/not-yet-written\.csv$/);
  });

  it('refuses .., absolute paths and symbolic links leading outside', () => {
    expectTraceError(() => resolveInside(base, '../outside/secret.csv'), 0, /outside/);
    expectTraceError(() => resolveInside(base, 'sub/../../outside/secret.csv'), 0, /outside/);
    expectTraceError(() => resolveInside(base, join(root, 'outside', 'secret.csv')), 0, /absolute paths are refused/);
    expectTraceError(() => resolveInside(base, 'C:\\traces\\x.csv'), 0, /absolute/);
    symlinkSync(join(root, 'outside', 'secret.csv'), join(base, 'link.csv'));
    symlinkSync(join(root, 'outside'), join(base, 'linkdir'));
    expectTraceError(() => resolveInside(base, 'link.csv'), 0, /symbolic link/);
    expectTraceError(() => resolveInside(base, 'linkdir/secret.csv'), 0, /symbolic link/);
    expectTraceError(() => resolveInside(base, 'linkdir/new.csv'), 0, /symbolic link/);
    expectTraceError(() => new TimestampTrace(base, 'link.csv'), 0, /symbolic link/);
    // A link that stays inside is fine.
    symlinkSync(join(base, 'sub'), join(base, 'inner'));
    expect(resolveInside(base, 'inner/a.csv')).toBe(resolveInside(base, 'sub/a.csv'));
  });
});

describe('loadRateTrace', () => {
  it('compiles per-interval rates to steps and reproduces the per-interval counts', () => {
    const rng = deriveStream(8, 'rate-trace');
    const rates = Array.from({ length: 60 }, (_, i) => (i === 20 || i === 21 ? 0 : Math.round(rng.next() * 500) / 10));
    rates[40] = rates[39]!; // a run of equal rates is merged
    write('rates.csv', 'second,rate\n' + rates.map((r, i) => `${i},${r}`).join('\n') + '\n');
    const points = loadRateTrace(base, 'rates.csv');
    const profile = new RateProfile(points);
    for (let i = 0; i < 60; i++) expect(profile.expectedArrivals(i, i + 1)).toBeCloseTo(rates[i]!, 9);
    expect(profile.rateAt(60.5)).toBe(0); // after the trace: zero by default
    expect(points.length).toBeLessThan(2 * 60 + 2);

    const R = 40;
    const counts = new Float64Array(60);
    const arrivals = deriveStream(8, 'rate-trace/arrivals');
    for (let rep = 0; rep < R; rep++) {
      let t = 0;
      for (;;) {
        t = profile.nextArrival(t, -Math.log(1 - arrivals.next()));
        if (t >= 60) break;
        counts[Math.floor(t)]!++;
      }
    }
    for (let i = 0; i < 60; i++) {
      const mu = R * rates[i]!;
      if (mu === 0) expect(counts[i]).toBe(0);
      else expect(Math.abs(counts[i]! - mu), `second ${i}`).toBeLessThan(4.5 * Math.sqrt(mu));
    }
  });

  it('first time after 0, uneven intervals, ISO times, hold after the end', () => {
    write('uneven.csv', '10,5\n15,1\n45,2\n');
    const p = new RateProfile(loadRateTrace(base, 'uneven.csv', { after: 'hold' }));
    expect(p.expectedArrivals(0, 10)).toBe(0);
    expect(p.expectedArrivals(10, 15)).toBeCloseTo(25, 12);
    expect(p.expectedArrivals(15, 45)).toBeCloseTo(30, 12);
    expect(p.expectedArrivals(45, 75)).toBeCloseTo(60, 12); // last interval = previous one (30 s)
    expect(p.rateAt(1000)).toBe(2);
    write('iso-rates.csv', '2024-06-14T20:00:00Z,4\n2024-06-14T20:01:00Z,8\n');
    const q = new RateProfile(loadRateTrace(base, 'iso-rates.csv', { lastInterval: 30 }));
    expect(q.expectedArrivals(0, 60)).toBeCloseTo(240, 12);
    expect(q.expectedArrivals(60, 1000)).toBeCloseTo(240, 12);
  });

  it('refuses a file above the size limit, pointing to the timestamps form', () => {
    write('large-rates.csv', Array.from({ length: 1000 }, (_, i) => `${i},1`).join('\n'));
    expectTraceError(() => loadRateTrace(base, 'large-rates.csv', { maxBytes: 1024 }), 0, /above the 1\.0 KiB limit.*timestamps trace/);
  });

  it('errors name the line', () => {
    write('rate-dup.csv', 'time,rate\n0,1\n1,2\n1,3\n');
    expectTraceError(() => loadRateTrace(base, 'rate-dup.csv'), 4, /same as the previous/);
    write('rate-bad.csv', '0,1\n1,fast\n');
    expectTraceError(() => loadRateTrace(base, 'rate-bad.csv'), 2, /rate "fast" is not a number/);
    write('rate-missing.csv', '0,1\n1\n');
    expectTraceError(() => loadRateTrace(base, 'rate-missing.csv'), 2, /missing rate/);
    expectTraceError(() => loadRateTrace(base, '../outside/secret.csv'), 0, /outside/);
  });
});
