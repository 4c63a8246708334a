import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioSchemaText } from '../src/scenario/write-schema.js';
import { loadScenario } from '../src/scenario/load.js';

describe('published JSON Schema', () => {
  it('is the one generated from the zod definition (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(new URL('../schema/scenario.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(scenarioSchemaText());
  });

  it('every committed scenario points editors at it and validates', () => {
    const dir = new URL('../scenarios/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
      expect(text.$schema, f).toBe('../schema/scenario.schema.json');
      const { scenario } = loadScenario(new URL(f, dir).pathname);
      expect(scenario.name).toBe(f.replace(/\.json$/, ''));
    }
  });
});
