/**
 * The shape of the code: no function in src/ is longer than 80 lines,
 * unless a comment just above it says why (`// long: <reason>`, e.g. a hot
 * loop kept in one piece for the JIT). Read with the TypeScript parser.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const MAX_LINES = 80;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every function, method, arrow or accessor with a body longer than MAX_LINES lines and no `long:` comment. */
function longFunctions(file: string, text = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = sf.getLineAndCharacterOfPosition(node.end).line;
      const leading = text.slice(node.getFullStart(), node.getStart());
      const name = (node as { name?: ts.Node }).name?.getText(sf) ?? '(anonymous)';
      if (end - start + 1 > MAX_LINES && !/\/\/\s*long:/.test(leading)) found.push(`${relative(ROOT, file)}:${start + 1} ${name} (${end - start + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('code shape', () => {
  it(`no function in src/ is longer than ${MAX_LINES} lines without a "// long:" reason`, () => {
    expect(sources(join(ROOT, "src")).flatMap((f) => longFunctions(f))).toEqual([]);
  });

  it('the check finds a long function, and accepts one with a reason', () => {
    const body = Array.from({ length: MAX_LINES + 5 }, (_, i) => `  x += ${i};`).join('\n');
    const fn = (name: string): string => `export function ${name}(): number {\n  let x = 0;\n${body}\n  return x;\n}\n`;
    const file = join(ROOT, 'src', 'example.ts');
    expect(longFunctions(file, fn('tooLong'))).toEqual([`src/example.ts:1 tooLong (${MAX_LINES + 9} lines)`]);
    expect(longFunctions(file, `// long: one hot loop\n${fn('hot')}`)).toEqual([]);
    expect(longFunctions(file, `const f = () => {\n${body}\n};\n`)).toHaveLength(1);
  });
});
