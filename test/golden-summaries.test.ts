/**
 * Golden summaries: every committed scenario, run with its own seed, gives
 * the deterministic part of its summary (wall-clock fields aside) exactly
 * as recorded in test/golden/<name>.summary.json.
 *
 * A refactoring must leave them byte-identical. A change of behaviour
 * re-records them on purpose, and the commit says why:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden-summaries.test.ts
 *
 * Arrays of numbers (the per-window `series`) are written on one line each,
 * so a golden file stays readable and a change shows as one line per metric.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/run/run-scenario.js';
import { deterministicPart } from '../src/run/summary.js';
import { loadScenario } from '../src/scenario/load.js';
import { ROOT } from './support/cli.js';
import { SHORTENED_GOLDEN } from './support/golden-runs.js';

const SCENARIOS = join(ROOT, 'scenarios');
const GOLDEN = join(ROOT, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

/** Indented JSON with every array of numbers (and nulls) on one line. */
function goldenText(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.replace(/\[\n\s*((?:-?[0-9][0-9.e+-]*|null)(?:,\n\s*(?:-?[0-9][0-9.e+-]*|null))*)\n\s*\]/g, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`);
}

const files = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('golden summaries of the committed scenarios', () => {
  it('covers every committed scenario, and nothing else', () => {
    const recorded = readdirSync(GOLDEN)
      .filter((f) => f.endsWith('.summary.json'))
      .map((f) => f.replace(/\.summary\.json$/, '.json'))
      .sort();
    if (!update) expect(recorded).toEqual(files);
  });

  for (const file of files) {
    it(`${file} is unchanged`, { timeout: 120_000 }, async () => {
      const path = join('scenarios', file);
      const { scenario } = loadScenario(join(ROOT, path), SHORTENED_GOLDEN[file]); // a month-long scenario: a shortened window (support/golden-runs.ts)
      const summary = await runScenario(scenario);
      const part = { ...deterministicPart(summary), file: path };
      const text = `${goldenText(part)}\n`;
      // The one-line arrays are a layout only: the same JSON.
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(part)));
      const golden = join(GOLDEN, `${basename(file, '.json')}.summary.json`);
      if (update || !existsSync(golden)) {
        writeFileSync(golden, text);
        if (!update) throw new Error(`${golden} was missing; recorded it now, check it in`);
        return;
      }
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
