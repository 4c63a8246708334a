/**
 * The twelve case studies of the book all exist under their names, each a
 * scenario with its note, and every committed scenario file belongs to one
 * of them (the base or a variant named `<base>.<variant>.json`), so the
 * brief runs of test/case-studies.test.ts cover them all.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';
import { readCaseStudyBlock } from './support/case-study-notes.js';

const SCENARIOS = join(ROOT, 'scenarios');

export const CASE_STUDIES = [
  'giroptic-object-storage',
  'erp-ha-drp',
  'industry-master-slave',
  'nextradiotv',
  'bourget-vdi',
  'radioshop-evening',
  'university-backup',
  'sofoot-worldcup',
  'vodkaster-weekend',
  'wimi-collaboration',
  'medria-iot',
  'keyzee-virtual-keys',
] as const;

describe('the twelve case studies', () => {
  CASE_STUDIES.forEach((name, i) => {
    it(`#${String(i + 1).padStart(2, '0')} ${name} has its scenario, its note, and its number`, () => {
      expect(existsSync(join(SCENARIOS, `${name}.json`))).toBe(true);
      expect(existsSync(join(SCENARIOS, `${name}.md`))).toBe(true);
      const block = readCaseStudyBlock(join(SCENARIOS, `${name}.md`));
      expect(block.number).toBe(i + 1);
      expect(block.runs[0]!.file).toBe(`${name}.json`);
      for (const run of block.runs) expect(run.file === `${name}.json` || run.file.startsWith(`${name}.`), run.file).toBe(true);
    });
  });

  it('every committed scenario is a case study or one of its variants, and a note runs it', () => {
    const covered = new Set(CASE_STUDIES.flatMap((name) => (existsSync(join(SCENARIOS, `${name}.md`)) ? readCaseStudyBlock(join(SCENARIOS, `${name}.md`)).runs.map((r) => r.file) : [])));
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json'));
    expect(files.filter((f) => !covered.has(f)).sort()).toEqual([]);
    const notes = readdirSync(SCENARIOS).filter((f) => f.endsWith('.md'));
    expect(notes.filter((n) => !(CASE_STUDIES as readonly string[]).includes(n.replace(/\.md$/, ''))).sort()).toEqual([]);
  });
});
