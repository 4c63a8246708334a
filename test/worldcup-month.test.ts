/**
 * scenarios/sofoot-worldcup.month.json (pages and back office only): the 64 matches of the 2014 World
 * Cup on the calendar. Its full run is minutes long (see its assumptions),
 * so the run here is shortened around the opening match with --set.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { RateProfile } from '../src/traffic/rate-profile.js';
import { simulate } from './support/cli.js';

const FILE = 'scenarios/sofoot-worldcup.month.json';
const raw = JSON.parse(readFileSync(FILE, 'utf8')) as {
  run: Record<string, unknown>;
  traffic: { events: Array<{ at: string[]; after: string }> };
};

/** The month merged with its base (extends), with run fields changed and, optionally, no matches. */
function resolved(run: Record<string, unknown> = {}, events = true) {
  return loadScenario(FILE, (data) => {
    const d = data as typeof raw;
    Object.assign(d.run, run);
    if (!events) d.traffic.events = [];
  }).scenario;
}

describe('the World Cup month', () => {
  const s = resolved();
  const [page, backoffice] = s.classStreams!.map((c) => new RateProfile(c.ratePoints));
  // The same month without matches: the ratio to it is the events' multiplier alone (the daily curve moves in 20 s too).
  const [base, baseBackoffice] = resolved({}, false).classStreams!.map((c) => new RateProfile(c.ratePoints));

  it('lists the 64 matches and lands their whistles where computed by hand', () => {
    expect(raw.traffic.events.reduce((n, e) => n + e.at.length, 0)).toBe(64);
    // Opening match: kick-off 12 June 22:00 CEST, whistle 1h52min later, 23:52 CEST = 23 h 52 min after the start.
    const opening = 23 * 3600 + 52 * 60;
    // Final: kick-off 13 July 21:00 CEST, after extra time 2h27min later: 23:27 on day 31.
    const final = 31 * 86400 + 23 * 3600 + 27 * 60;
    for (const w of [opening, final]) {
      expect(page!.rateAt(w) / base!.rateAt(w)).toBeCloseTo(1, 2);
      expect(page!.rateAt(w + 20) / base!.rateAt(w + 20)).toBeCloseTo(3, 2); // ×3 in 20 s
      expect(backoffice!.rateAt(w + 20)).toBe(baseBackoffice!.rateAt(w + 20)); // the back office is not affected
    }
    expect(page!.rateAt(final + 20 + 600 + 1800 + 1) / base!.rateAt(final + 20 + 600 + 1800 + 1)).toBeCloseTo(1, 2); // back to normal after hold and decay
  });

  it('triples every whistle (×5 where two matches end together)', () => {
    const ends = new Map<number, number>();
    const cal = new Date(Date.UTC(2014, 5, 11, 22, 0)).getTime(); // 12 June 00:00 CEST
    for (const e of raw.traffic.events) {
      const after = e.after === '1h52min' ? 112 * 60 : e.after === '2h27min' ? 147 * 60 : 160 * 60;
      for (const at of e.at) {
        const [d, t] = at.split('T');
        const [y, mo, da] = d!.split('-').map(Number);
        const [h, mi] = t!.split(':').map(Number);
        const w = (Date.UTC(y!, mo! - 1, da!, h! - 2, mi!) - cal) / 1000 + after; // CEST = UTC+2 all month
        ends.set(w, (ends.get(w) ?? 0) + 1);
      }
    }
    expect([...ends.values()].filter((n) => n === 2)).toHaveLength(8); // the last group round: two simultaneous kick-offs a slot
    for (const [w, n] of ends) expect(page!.rateAt(w + 20) / base!.rateAt(w + 20)).toBeCloseTo(1 + 2 * n, 2);
  });

  it('runs around the opening match, with arrivals at the profile and dates on the series', () => {
    const run = { startsAt: '2014-06-12T23:30', duration: '40min', window: '1min' };
    const r = simulate(FILE, '--json', '--quiet', ...Object.entries(run).map(([k, v]) => `--set=run.${k}=${v}`));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const series = (JSON.parse(r.stdout) as { series: { startIso: string[]; arrivals: number[]; startSeconds: number[] } }).series;
    expect(series.startIso[0]).toBe('2014-06-12T23:40:00+02:00'); // after the 10 min warm-up
    expect(series.startIso[12]).toBe('2014-06-12T23:52:00+02:00');
    const total = resolved(run).ratePoints;
    const profile = new RateProfile(total);
    series.arrivals.forEach((n, k) => {
      const a = series.startSeconds[k]!;
      const mean = profile.expectedArrivals(a, a + 60);
      expect(Math.abs(n - mean)).toBeLessThan(4.5 * Math.sqrt(mean));
    });
    // The minute after the whistle has close to three times the arrivals of the minute before.
    expect(series.arrivals[13]! / series.arrivals[11]!).toBeGreaterThan(2.5);
  });
});
