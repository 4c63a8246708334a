/**
 * Writes `schema/scenario.schema.json` from the zod definition
 * (`npm run schema`). A test fails when the committed file and the
 * definition drift apart.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from './schema.js';

export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2] ?? 'schema/scenario.schema.json';
  writeFileSync(target, scenarioSchemaText());
  process.stdout.write(`wrote ${target}\n`);
}
