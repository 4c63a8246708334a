/**
 * Text from a scenario that reaches a terminal: control characters escaped,
 * long inputs clipped, and huge inputs handled at once (safe-text.ts).
 */
import { describe, expect, it } from 'vitest';
import { clip, clipLongRuns, escapeControl, escapeStrings, jsonForTerminal, safeLine } from '../src/cli/safe-text.js';
import { didYouMean } from '../src/scenario/did-you-mean.js';
import { simulate } from './support/cli.js';
import { mm1, tempDir, writeIn } from './support/temp-scenarios.js';

const HOSTILE = 'db\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil\r\nsecond line';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('safe text helpers', () => {
  it('escapes C0, DEL, C1, bidi controls and line breaks', () => {
    const s = escapeControl(`${HOSTILE}\u007f`);
    expect(s).not.toMatch(RAW_CONTROL);
    expect(s).not.toContain('\n');
    expect(s).toBe('db\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u{202e}evil\\r\\nsecond line\\x7f');
    expect(escapeControl('plain text, “quotes” and é')).toBe('plain text, “quotes” and é');
  });

  it('clips a megabyte to about a hundred characters, saying how long it was', () => {
    const big = 'k'.repeat(1_000_000);
    const c = clip(big);
    expect(c.length).toBeLessThan(140);
    expect(c).toContain('1,000,000 chars');
    expect(clip('short')).toBe('short');
    const line = safeLine(`f.json: tiers.${big}: unknown key "${'x y '.repeat(100_000)}" (expected one of: a, b)`);
    expect(line.length).toBeLessThan(400);
    expect(line).toMatch(/^f\.json: tiers\.k+…/);
    expect(line).toMatch(/\(expected one of: a, b\)$/);
    expect(clipLongRuns('a normal message with "a short quote"')).toBe('a normal message with "a short quote"');
  });

  it('keeps JSON values exact while escaping what a terminal acts on', () => {
    const json = JSON.stringify({ d: HOSTILE });
    const safe = jsonForTerminal(json);
    expect(safe).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(safe)).toEqual({ d: HOSTILE });
  });

  it('escapes keys and values of nested data', () => {
    const e = escapeStrings({ [HOSTILE]: [{ name: HOSTILE, n: 1 }] });
    expect(JSON.stringify(e)).not.toMatch(/\\u001b|\\u0007/);
    expect(Object.values(e)[0]).toEqual([{ name: escapeControl(HOSTILE), n: 1 }]);
  });

  it('cuts a huge word before matching it (did you mean)', () => {
    const started = Date.now();
    expect(didYouMean('x'.repeat(1_000_000), ['round-robin', 'random'])).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(didYouMean('roundrobin', ['round-robin', 'random'])).toBe('round-robin');
  });
});

describe('the CLI never writes control characters from a scenario to the terminal', () => {
  const dir = tempDir();

  it('escapes an incident description in the table, keeps it exact in --json', () => {
    const s = mm1();
    s.run.duration = '300s';
    s.run.warmup = '0s';
    s.incidents = [{ at: '100s', for: '10s', server: 'station/s', description: HOSTILE }];
    const file = writeIn(dir, 'incident.json', s);
    const table = simulate(file);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('db\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u{202e}evil\\r\\nsecond line');
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    const json = simulate(file, '--json');
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout).incidents[0].description).toBe(HOSTILE);
  });

  it('escapes a hostile key in an error line and keeps it on one line', () => {
    const s = mm1();
    s.tiers.station[HOSTILE] = 1;
    const r = simulate(writeIn(dir, 'key.json', s));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unknown key "db\\x1b]0;pwned');
  });

  it('answers at once for a megabyte enum value or key, quoting about a hundred characters of it', () => {
    const enumValue = mm1();
    enumValue.tiers.station.balancer = 'x'.repeat(1_000_000);
    const key = mm1();
    key.tiers.station['k'.repeat(1_000_000)] = 1;
    for (const [name, data] of [['enum.json', enumValue], ['bigkey.json', key]] as const) {
      const started = Date.now();
      const r = simulate(writeIn(dir, name, data));
      expect(Date.now() - started).toBeLessThan(5000); // took 17–34 s before the cut
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]!.length).toBeLessThan(500);
      expect(lines[0]).toMatch(/(xxx|kkk)…/);
    }
  });
});
