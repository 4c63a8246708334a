/** One problem found in a scenario file, located by a JSON path. */
export interface Problem {
  /** The file the problem is in. */
  file: string;
  /** JSON path inside it, e.g. "tiers.web.servers[0].slots" ("" for the whole file). */
  path: string;
  /** What is wrong, with what was expected and what was found. */
  message: string;
  /** "did you mean …" or another way to fix it. */
  suggestion?: string;
  /** Warnings do not stop a run; errors do. */
  severity: 'error' | 'warning';
}

export function formatProblem(p: Problem): string {
  const where = p.path === '' ? p.file : `${p.file}: ${p.path}`;
  const hint = p.suggestion ? ` — ${p.suggestion}` : '';
  return `${where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}${hint}`;
}

/** A scenario could not be used: every problem found, not just the first. */
export class ScenarioError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/** JSON path segments → "a.b[0].c" (keys that are not identifiers are quoted). */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      out += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? (out === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
