/**
 * The command line's SLO and CI options: `--slo` (repeatable), `--gate`,
 * `--replications auto` with `--precision` and `--max-replications`,
 * `--junit`, `--summary-md` (and $GITHUB_STEP_SUMMARY).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { AutoReplications } from '../run/adaptive.js';
import type { GateMode, Summary } from '../run/summary.js';
import { sloNamesOfScenario, sloRuleFromText } from '../scenario/resolve-slo.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { junitXml } from './junit.js';
import { summaryMarkdown } from './summary-md.js';

export interface SloArgs {
  slo?: string[];
  gate?: string;
  replications?: string | number;
  precision?: string;
  maxReplications?: number;
  junit?: string;
  summaryMd?: string;
}

/** Thrown with a message that names the flag. */
export class SloOptionError extends Error {}

/** `--replications N` → N for the override; `auto` → the rounds' settings. */
export function replicationsOf(a: SloArgs): { fixed?: number; auto?: AutoReplications } {
  const hasAutoFlags = a.precision !== undefined || a.maxReplications !== undefined;
  if (a.replications === undefined && !hasAutoFlags) return {};
  if (a.replications !== undefined && String(a.replications) !== 'auto') {
    if (hasAutoFlags) throw new SloOptionError('--precision and --max-replications go with --replications auto');
    const n = Number(a.replications);
    if (!Number.isInteger(n)) throw new SloOptionError(`--replications: expected a whole number from 1 to 1000 or "auto", got ${JSON.stringify(String(a.replications))}`);
    return { fixed: n };
  }
  let target = 0.05;
  if (a.precision !== undefined) {
    const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(%?)\s*$/.exec(a.precision);
    target = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
    if (!(target > 0 && target < 1)) throw new SloOptionError(`--precision: expected a relative half-width such as "5%" or 0.05, got ${JSON.stringify(a.precision)}`);
  }
  const max = a.maxReplications ?? 100;
  if (!Number.isInteger(max) || max < 2 || max > 1000) throw new SloOptionError(`--max-replications: expected a whole number from 2 to 1000, got ${max}`);
  return { auto: { targetRelativeHalfWidth: target, maxReplications: max } };
}

export function gateOf(a: SloArgs): GateMode {
  if (a.gate === undefined || a.gate === 'mean' || a.gate === 'bound') return (a.gate as GateMode | undefined) ?? 'mean';
  throw new SloOptionError(`--gate: expected "mean" or "bound", got ${JSON.stringify(a.gate)}`);
}

/** Add the `--slo` objectives to the scenario's (checked against its metric names). */
export function addCommandLineSlo(scenario: ResolvedScenario, texts: readonly string[]): void {
  const names = sloNamesOfScenario(scenario);
  for (const text of texts) {
    const rule = sloRuleFromText(text, names);
    if ('error' in rule) throw new SloOptionError(`--slo ${JSON.stringify(text)}: ${rule.error}${rule.suggestion ? ` — ${rule.suggestion}` : ''}`);
    scenario.slo.push(rule);
  }
}

/** Write the CI reports the flags ask for. */
export function writeCiReports(s: Summary, a: SloArgs, env: NodeJS.ProcessEnv = process.env): void {
  const write = (flag: string, file: string, text: string, append = false): void => {
    try {
      if (append) appendFileSync(file, text);
      else writeFileSync(file, text);
    } catch (e) {
      throw new SloOptionError(`${flag} ${file}: cannot write there (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  };
  if (a.junit !== undefined) write('--junit', a.junit, junitXml(s));
  const md = a.summaryMd !== undefined || env.GITHUB_STEP_SUMMARY ? summaryMarkdown(s) : '';
  if (a.summaryMd !== undefined) write('--summary-md', a.summaryMd, md);
  if (env.GITHUB_STEP_SUMMARY) write('$GITHUB_STEP_SUMMARY', env.GITHUB_STEP_SUMMARY, `${md}\n`, true);
}
