/**
 * Suggestions for a mistyped name ("did you mean …?") stay right when some
 * candidates are absurdly long: the edit distance is at least the
 * difference in length, so those candidates are skipped without changing
 * the answer (the fuzz test found a class renamed to 100,000 characters
 * making the SLO check take seconds).
 */
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../src/scenario/did-you-mean.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { ScenarioError } from '../src/scenario/scenario-error.js';

describe('did you mean', () => {
  it('the distance is never below the difference in length (what the skip relies on)', () => {
    const words = ['web', 'round-robin', 'roundrobin', 'classes.page.latencyMs.p99', 'x'.repeat(70), ''];
    for (const a of words) for (const b of words) expect(editDistance(a, b)).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
  });

  it('a huge candidate beside the right one changes nothing', () => {
    expect(didYouMean('exponentail', ['x'.repeat(100_000), 'exponential', 'lognormal'])).toBe('exponential');
    expect(didYouMean('wbe', ['web', 'w'.repeat(50_000)])).toBe('web');
  });

  it('an unknown SLO metric in a scenario whose class has a 100,000-character name still gets the nearest real one', () => {
    const cls = 'x'.repeat(100_000);
    const data = {
      name: 'long-class',
      run: { duration: '10min', seed: 1 },
      sites: { RBX: {} },
      traffic: { classes: { [cls]: { share: 0.5, path: ['station'] }, page: { share: 0.5, path: ['station'] } }, phases: [{ phase: 'constant', rate: '10/s', duration: '10min' }] },
      tiers: { station: { servers: [{ name: 's', site: 'RBX', slots: 2 }], serviceTime: { dist: 'exponential', mean: '10ms' } } },
      slo: ['classes.pgae.availability >= 99%'],
    };
    let error: unknown;
    try {
      resolveScenarioData(data, 'long-class.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect(String((error as Error).message)).toContain('did you mean "classes.page.availability"');
  });
});
