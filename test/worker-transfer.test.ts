/**
 * Workers get the resolved scenario from the main thread (scenario-transfer.ts):
 * they read no file, so standard input works and an edit during the run
 * cannot give two versions.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LogNormal, Normal } from '../src/rng/distributions.js';
import { RandomStream } from '../src/rng/stream.js';
import { decodeScenario, encodeScenario } from '../src/run/scenario-transfer.js';
import { deterministicPart } from '../src/run/summary.js';
import { loadScenario } from '../src/scenario/load.js';
import type { ResolvedScenario } from '../src/scenario/resolved.js';
import { ROOT } from './support/cli.js';
import { mm1, tempDir, writeIn } from './support/temp-scenarios.js';

describe('the resolved scenario crosses to workers', () => {
  it('round-trips every committed scenario: same draws, same structure', () => {
    for (const f of readdirSync(join(ROOT, 'scenarios')).filter((x) => x.endsWith('.json'))) {
      const { scenario } = loadScenario(join(ROOT, 'scenarios', f));
      const back = decodeScenario(structuredClone(encodeScenario(scenario)));
      expect(JSON.stringify(back), f).toBe(JSON.stringify(scenario));
      const d0 = scenario.tiers[0]!.serviceTimeByClass.find((d) => d !== undefined)!;
      const d1 = back.tiers[0]!.serviceTimeByClass.find((d) => d !== undefined)!;
      expect(Object.getPrototypeOf(d1)).toBe(Object.getPrototypeOf(d0));
      const a = new RandomStream('x', '1');
      const b = new RandomStream('x', '1');
      for (let i = 0; i < 100; i++) expect(d1.sample(b)).toBe(d0.sample(a));
    }
  });

  it('refuses an object it could not rebuild (a bug), instead of sending it without its methods', () => {
    class Foreign {
      sample(): number {
        return 1;
      }
    }
    const { scenario } = loadScenario(join(ROOT, 'test/fixtures/mm1-small.json'));
    const broken = { ...scenario, tiers: [{ ...scenario.tiers[0]!, serviceTimeByClass: [new Foreign()] }] } as unknown as ResolvedScenario;
    expect(() => encodeScenario(broken)).toThrow(/cannot send scenario\.tiers\[0\]\.serviceTimeByClass\[0\] \(an instance of Foreign\)/);
    expect(() => encodeScenario({ ...scenario, tiers: [new Normal(1, 0.1), new LogNormal(0, 1)] } as unknown as ResolvedScenario)).not.toThrow();
  });

  it('workers do not read the scenario file: deleting it after loading changes nothing', async () => {
    // Worker threads run compiled code: use the built modules (the global setup compiles them).
    const dist = (m: string): string => pathToFileURL(join(ROOT, 'dist', 'src', m)).href;
    const { runScenario } = (await import(dist('run/run-scenario.js'))) as typeof import('../src/run/run-scenario.js');
    const { loadScenario } = (await import(dist('scenario/load.js'))) as typeof import('../src/scenario/load.js');
    const dir = tempDir();
    const s = mm1();
    s.run.duration = '300s';
    s.run.replications = 3;
    const file = writeIn(dir, 'gone.json', s);
    const { scenario } = loadScenario(file);
    const here = await runScenario(scenario, { workers: 1 });
    // Another version on disk, then none at all: a worker that re-read the file would see it.
    writeFileSync(file, JSON.stringify({ ...s, tiers: { station: { ...s.tiers.station, serviceTime: { dist: 'constant', value: '1ms' } } } }));
    const edited = await runScenario(scenario, { workers: 2 });
    rmSync(file);
    const gone = await runScenario(scenario, { workers: 2 });
    expect(edited.performance.workers).toBe(2);
    expect(JSON.stringify(deterministicPart(edited))).toBe(JSON.stringify(deterministicPart(here)));
    expect(JSON.stringify(deterministicPart(gone))).toBe(JSON.stringify(deterministicPart(here)));
  });
});
