/**
 * Validation checks that must not flatter a design (issue 10, §6): the
 * offered-load warning counts caches and `hold`, and a request that would
 * cross between two sites with no declared link is refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { formatProblem } from '../src/scenario/scenario-error.js';
import { problemsOf } from './support/run-data.js';

const sofoot = JSON.parse(readFileSync(new URL('../scenarios/sofoot-worldcup.json', import.meta.url), 'utf8')) as any;
// sofoot-worldcup as it was before its machines and per-class streams (one web tier holding across MySQL): the hand-computed warning below.
const sofootOneTier = JSON.parse(readFileSync(new URL('./fixtures/sofoot-one-web-tier.json', import.meta.url), 'utf8')) as any;

/** That scenario with its base rate (before and after the spike) set to `rate`. */
function sofootAt(rate: string): unknown {
  const s = structuredClone(sofootOneTier);
  delete s.$schema;
  s.traffic.phases[0].rate = rate;
  s.traffic.phases[3].to = rate;
  return s;
}

/** front → back, 100/s: back has 4 slots of 20 ms (ρ = 0.5 of its own); front holds its 4 slots of 10 ms while back answers. */
const holding = (opts: { hold: boolean; cacheHit?: number; backSite?: string; link?: string }): unknown => ({
  name: 'holding',
  run: { duration: '100s', seed: 1 },
  sites: { A: {}, B: {} },
  ...(opts.link ? { links: [{ between: ['A', 'B'], latency: opts.link }] } : {}),
  traffic: { classes: { req: { share: 1, path: ['front', 'back'] } }, phases: [{ phase: 'constant', rate: '100/s', duration: '100s' }] },
  tiers: {
    front: {
      hold: opts.hold,
      servers: [{ name: 'f', site: 'A', slots: 4 }],
      serviceTime: { dist: 'exponential', mean: '10ms' },
      ...(opts.cacheHit !== undefined ? { cache: { hitRatio: opts.cacheHit, hitServiceTime: { dist: 'constant', value: '1ms' } } } : {}),
    },
    back: { servers: [{ name: 'b', site: opts.backSite ?? 'A', slots: 4 }], serviceTime: { dist: 'exponential', mean: '50ms' } },
  },
});

/** The offered-load warnings `validate` prints for `tier`. */
const warningsOn = (data: unknown, tier: string): string[] =>
  resolveScenarioData(data, 'x.json')
    .warnings.map(formatProblem)
    .filter((p) => p.includes(`tiers.${tier}: warning: at the peak rate`));

describe('offered-load warning', () => {
  it('counts the slots sofoot’s PHP workers hold while MySQL answers: at 1,250/s ρ ≈ 1.17, not the 0.97 of service alone', () => {
    const w = warningsOn(sofootAt('1250/s'), 'web');
    expect(w).toHaveLength(1);
    // Service alone: 3750/s × (¼·60 ms + ¾·2 ms) / 64 reference slots = 0.967. Held: the ¼ pages keep their
    // slot for MySQL's 4 ms plus, from the 5 of 8 servers in GRA, 2 × 10 ms to RBX and back: 937.5 × 16.5 ms / 76 slots = 0.20.
    expect(w[0]).toMatch(/ρ = 1\.17, 0\.2 of it slots held while later tiers answer/);
    expect(warningsOn(sofootAt('767/s'), 'web')).toEqual([]);
  });

  it('holding turns a tier under capacity into one over it: 100/s × (10 + 50) ms = 6 busy slots of 4', () => {
    expect(warningsOn(holding({ hold: false }), 'front')).toEqual([]); // 1 busy slot of 4
    expect(warningsOn(holding({ hold: true }), 'front')[0]).toMatch(/ρ = 1\.5, 1\.25 of it slots held/);
    // The link's latency there and back is held too: 100 × (10 + 50 + 2 × 5) ms / 4 = 1.75.
    expect(warningsOn(holding({ hold: true, backSite: 'B', link: '5ms' }), 'front')[0]).toMatch(/ρ = 1\.75,/);
  });

  it('counts caches: a hit ends the path and costs its own hit time', () => {
    // 90% hits at front (1 ms) are not held: 100 × (0.9·1 + 0.1·(10 + 50)) ms / 4 = 0.17, no warning …
    expect(warningsOn(holding({ hold: true, cacheHit: 0.9 }), 'front')).toEqual([]);
    // … and back sees only the 10/s of misses.
    const s = structuredClone(holding({ hold: false, cacheHit: 0.9 })) as any;
    s.tiers.back.servers[0].slots = 1; // 100/s × 50 ms = 5 busy slots without the cache, 0.5 with it
    expect(warningsOn(s, 'back')).toEqual([]);
    s.tiers.front.cache.hitRatio = 0;
    expect(warningsOn(s, 'back')[0]).toMatch(/ρ = 5\)/);
  });
});

describe('a request crossing between two sites', () => {
  it('is refused without a declared link, with the link to declare', () => {
    expect(problemsOf(holding({ hold: false, backSite: 'B' }))).toEqual([
      'x.json: traffic.classes.req.path[1]: requests go from tier "front" (site A) to tier "back" (site B), but no link joins A and B: the crossing would take no time — declare it in "links" with its latency, e.g. { "between": ["A", "B"], "latency": "10ms" }',
    ]);
    expect(problemsOf(holding({ hold: false, backSite: 'B', link: '5ms' }))).toEqual([]);
  });

  it('is refused on the way back too: a response returns to the tier that holds its slot, past the tiers that do not', () => {
    // front (A, holds) → mid (B, does not) → back (C): the response goes from C straight back to A.
    const s = structuredClone(holding({ hold: true })) as any;
    s.sites = { A: {}, B: {}, C: {} };
    s.links = [
      { between: ['A', 'B'], latency: '1ms' },
      { between: ['B', 'C'], latency: '1ms' },
    ];
    s.traffic.classes.req.path = ['front', 'mid', 'back'];
    s.tiers.mid = { servers: [{ name: 'm', site: 'B', slots: 4 }], serviceTime: { dist: 'exponential', mean: '1ms' } };
    s.tiers.back.servers[0].site = 'C';
    expect(problemsOf(s)).toEqual([
      'x.json: traffic.classes.req.path[2]: responses go back from tier "back" (site C) to tier "front" (site A), but no link joins C and A: the crossing would take no time — declare it in "links" with its latency, e.g. { "between": ["C", "A"], "latency": "10ms" }',
    ]);
    s.links.push({ between: ['A', 'C'], latency: '2ms' });
    expect(problemsOf(s)).toEqual([]);
  });

  it('sofoot declares its GRA–RBX link: without it the scenario is refused', () => {
    const s = structuredClone(sofoot);
    delete s.$schema;
    expect(problemsOf(s)).toEqual([]);
    s.links = s.links.filter((l: { between: string[] }) => !l.between.includes('GRA'));
    expect(problemsOf(s).join('\n')).toMatch(/no link joins RBX and GRA/);
  });
});
