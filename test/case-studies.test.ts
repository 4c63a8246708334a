/**
 * Every case study's note (scenarios/<name>.md) states, in its `json
 * case-study` block, what each of its scenario files answers: the exit code
 * (0, or 1 for a variant built to show a failure, with the failed SLO) and
 * its key figures. Each file runs here briefly through the real CLI, so no
 * scenario rots and no note drifts from the model (test/support/case-study-notes.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricReadings } from '../src/run/summary/metric-read.js';
import { ROOT, simulate } from './support/cli.js';
import { readCaseStudyBlock } from './support/case-study-notes.js';

const SCENARIOS = join(ROOT, 'scenarios');
const notes = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.md'))
  .sort();

for (const note of notes) {
  const block = readCaseStudyBlock(join(SCENARIOS, note));
  describe(`case study #${String(block.number).padStart(2, '0')} (${note})`, () => {
    for (const run of block.runs) {
      it(`${run.file} exits ${run.exit}${run.answers?.length ? ' and gives the note\'s figures' : ''}`, { timeout: 240_000 }, () => {
        const r = simulate(join('scenarios', run.file), '--json', '--quiet', ...(run.brief ?? []));
        expect(r.code, r.stderr).toBe(run.exit);
        const summary = JSON.parse(r.stdout) as { slo: { ok: boolean; objective: string }[] };
        const failed = summary.slo.filter((v) => !v.ok).map((v) => v.objective);
        if (run.exit === 0) expect(failed).toEqual([]);
        for (const text of run.failedSlo ?? []) expect(failed.some((o) => o.includes(text)), `failed: ${failed.join('; ')}`).toBe(true);
        for (const a of run.answers ?? []) {
          const readings = metricReadings(summary, a.metric);
          expect(readings.length, a.metric).toBe(1);
          const got = readings[0]!.value;
          expect(got, a.metric).not.toBeNull();
          const tol = a.withinAbs ?? Math.abs(a.value) * a.within!;
          expect(Math.abs(got! - a.value), `${a.metric}: ${got} against the note's ${a.value} ± ${tol}`).toBeLessThanOrEqual(tol);
        }
      });
    }
  });
}
