/**
 * The SLO grammar, close to k6 thresholds (`p(95)<200`) and Artillery
 * `ensure` conditions (`http.response_time.p99 < 200`):
 *
 *   objective  = metric op threshold [window]
 *   metric     = a dotted path of the metric catalogue (docs/metrics.md);
 *                `*` for every name at a placeholder; k6 spellings
 *                `p(99)`, `p(99.9)`, `avg`, `med` are accepted
 *   op         = "<" | "<=" | ">" | ">=" | "=="
 *   threshold  = number [unit]       — "2s", "500ms", "99.95%", "1500EUR",
 *                "100/s"; a bare number is in the metric's own unit
 *   window     = "in every" duration "window" ["between" HH:MM "and" HH:MM]
 *
 * This file reads the text only; the metric and the unit are checked against
 * the catalogue in slo-metrics.ts.
 */
import { parseDuration, UnitError } from './units.js';

export type SloOp = '<' | '<=' | '>' | '>=' | '==';

export interface ParsedSlo {
  metric: string;
  op: SloOp;
  /** The number as written (before any unit conversion). */
  number: number;
  /** The unit as written ("" for none): "s", "ms", "%", "EUR", "/s". */
  unitText: string;
  /** As written after the operator ("2s", "99.95%"). */
  thresholdText: string;
  window?: { seconds: number; between?: [number, number] };
  /** The window as written, whitespace collapsed: "in every 1min window". */
  windowText?: string;
}

export interface SloSyntaxError {
  error: string;
  suggestion?: string;
}

export const SLO_EXAMPLE = '"classes.page.latencyMs.p99 < 2s", "availability.requests >= 99.95%", "latencyMs.p99 < 500ms in every 1min window"';

const METRIC = /^\s*([A-Za-z0-9_*/()-]+(?:\.[A-Za-z0-9_*/()-]+)*)/;
const OP = /^\s*(<=|>=|==|!=|=<|=>|<|>|=)/;
const NUMBER = /^\s*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/;
/** A unit right after the number, or after spaces unless it is the window's "in". */
const UNIT = /^(\s*)([A-Za-zµ%€$/][A-Za-z0-9µ%€$/]*)/;
const WINDOW = /^\s+in\s+every\s+(\S+?)\s+windows?\b/;
const BETWEEN = /^\s+between\s+(\S+)\s+and\s+(\S+)/;
const CLOCK = /^([01]?[0-9]|2[0-3]):([0-5][0-9])$/;

const OP_FIXES: Record<string, string> = { '=': '==', '=<': '<=', '=>': '>=' };

/** k6 and shorthand spellings of the last segment → the summary's. */
function canonicalMetric(metric: string): string {
  return metric
    .replace(/\.p\((\d+(?:\.\d+)?)\)$/, (_, q: string) => `.p${q.replace('.', '')}`)
    .replace(/\.avg$/, '.mean')
    .replace(/\.med$/, '.p50');
}

function clockSeconds(text: string): number | undefined {
  const m = CLOCK.exec(text);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 : undefined;
}

function parseWindow(rest: string): { window: NonNullable<ParsedSlo['window']>; rest: string } | SloSyntaxError {
  const w = WINDOW.exec(rest);
  if (!w) {
    return /^\s+in\b/.test(rest)
      ? { error: `cannot read the window "${rest.trim()}"`, suggestion: 'write it "in every 1min window" or "in every 5min window between 08:00 and 20:00"' }
      : { error: `unexpected "${rest.trim()}" after the threshold`, suggestion: 'one objective per expression; a window is written "in every 1min window"' };
  }
  const seconds = parseDuration(w[1]);
  if (seconds instanceof UnitError) return { error: `the window length "${w[1]}" is not a duration`, suggestion: `write e.g. "1min", "5min", "1h"${seconds.suggestion ? ` (${seconds.suggestion})` : ''}` };
  if (!(seconds > 0)) return { error: `the window length must be longer than zero, got "${w[1]}"` };
  rest = rest.slice(w[0].length);
  const window: NonNullable<ParsedSlo['window']> = { seconds };
  const b = BETWEEN.exec(rest);
  if (b) {
    const from = clockSeconds(b[1]!);
    const to = clockSeconds(b[2]!);
    if (from === undefined || to === undefined) {
      return { error: `"between ${b[1]} and ${b[2]}": expected times of day as HH:MM (00:00 to 23:59)`, suggestion: 'e.g. "between 08:00 and 20:00"' };
    }
    if (from === to) return { error: `"between ${b[1]} and ${b[2]}" is an empty time range` };
    window.between = [from, to];
    rest = rest.slice(b[0].length);
  } else if (/^\s+between\b/.test(rest)) {
    return { error: `cannot read "${rest.trim()}"`, suggestion: 'write "between 08:00 and 20:00"' };
  }
  return { window, rest };
}

/** `metric op threshold [window]` → its parts, or what is wrong with it. */
export function parseSloExpression(text: string): ParsedSlo | SloSyntaxError {
  if (text.trim() === '') return { error: 'empty objective', suggestion: `write e.g. ${SLO_EXAMPLE}` };
  const m = METRIC.exec(text);
  if (!m) return { error: 'expected a metric name first', suggestion: `write e.g. ${SLO_EXAMPLE}` };
  const metric = canonicalMetric(m[1]!);
  return parseSloComparison(metric, text.slice(m[0].length));
}

/** The map form `{ "latencyMs.p99": "< 1s" }`: the metric is the key, the comparison the value. */
export function parseSloComparison(metric: string, comparison: string): ParsedSlo | SloSyntaxError {
  metric = canonicalMetric(metric.trim());
  const o = OP.exec(comparison);
  if (!o) {
    const next = comparison.trim();
    return {
      error:
        next === ''
          ? `no comparison after "${metric}": expected a comparison such as "< 500" or ">= 99.9%"`
          : `expected a comparison such as "< 500" or ">= 99.9%" (operators <, <=, >, >=, ==) after "${metric}", got "${next}"`,
      suggestion: `write e.g. "${metric} < 500ms"`,
    };
  }
  const op = o[1]!;
  if (op === '!=') return { error: '"!=" is not supported', suggestion: 'state what must hold with <, <=, >, >= or ==' };
  if (OP_FIXES[op] !== undefined) return { error: `unknown operator "${op}"`, suggestion: `did you mean "${OP_FIXES[op]}"?` };
  let rest = comparison.slice(o[0].length);
  const n = NUMBER.exec(rest);
  if (!n) {
    const got = rest.trim();
    return { error: got === '' ? `no threshold after "${op}"` : `expected a number after "${op}", got "${got.split(/\s+/)[0]}"`, suggestion: `write e.g. "${metric} ${op} 500ms"` };
  }
  rest = rest.slice(n[0].length);
  let unitText = '';
  const u = UNIT.exec(rest);
  if (u && !(u[1] !== '' && /^in$/.test(u[2]!) && /^\s+in\s/.test(rest))) {
    unitText = u[2]!;
    rest = rest.slice(u[0].length);
  }
  const thresholdText = `${n[1]}${unitText}`;
  const parsed: ParsedSlo = { metric, op: op as SloOp, number: Number(n[1]), unitText, thresholdText };
  if (rest.trim() !== '') {
    const w = parseWindow(rest);
    if ('error' in w) return w;
    if (w.rest.trim() !== '') return { error: `unexpected "${w.rest.trim()}" after the window` };
    parsed.window = w.window;
    parsed.windowText = rest.trim().replace(/\s+/g, ' ');
  }
  return parsed;
}
