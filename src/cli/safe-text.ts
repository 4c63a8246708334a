/**
 * Text from a scenario or a trace on its way to a terminal.
 *
 * A scenario is untrusted input: its names, keys, incident descriptions,
 * file paths and trace lines end up in error lines and in the summary. Two
 * rules apply to every such line before it is written:
 *
 * - **Control characters are escaped**, so a scenario cannot clear the
 *   screen, move the cursor or retitle the window: C0 controls (including
 *   newline and tab, so one problem stays one line), DEL, C1 controls (U+0080–
 *   U+009F, among them the one-byte CSI U+009B), the line and paragraph
 *   separators and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069,
 *   which can make text read backwards) become `\xNN` / `\u{NNNN}`.
 * - **Long inputs are clipped**: any run of text without a blank, and any
 *   double-quoted string, longer than {@link MAX_QUOTED} characters keeps its
 *   start and end around a "…(N chars)" marker. A megabyte key is thus shown
 *   as about a hundred characters.
 *
 * The JSON summary keeps exact values: {@link jsonForTerminal} only rewrites
 * the characters above as JSON `\uNNNN` escapes, which parse back to the same
 * string.
 */

/** At most this many characters of one input are quoted in a message. */
export const MAX_QUOTED = 100;

// The characters a terminal may act on, plus the bidi controls that reorder text.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with every control character written as a visible escape. */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** `s` cut to about `max` characters (start … end), saying how long it was. */
export function clip(s: string, max = MAX_QUOTED): string {
  if (s.length <= max) return s;
  const tail = Math.floor(max / 5);
  return `${s.slice(0, max - tail)}…(${s.length.toLocaleString('en-US')} chars)…${s.slice(s.length - tail)}`;
}

const LONG_RUN = new RegExp(`"(?:[^"\\\\]|\\\\.){${MAX_QUOTED - 1},}"|[^\\s"]{${MAX_QUOTED + 1},}`, 'g');

/** Every quoted string and every blank-free run longer than {@link MAX_QUOTED} characters, clipped. */
export function clipLongRuns(s: string): string {
  return s.replace(LONG_RUN, (run) => clip(run));
}

/** One line for a terminal: control characters escaped, long inputs clipped. */
export function safeLine(s: string): string {
  return clipLongRuns(escapeControl(s));
}

/** Several lines: each made safe, the line breaks between them kept. */
export function safeLines(text: string): string {
  return text.split('\n').map(safeLine).join('\n');
}

// In JSON, these can only occur inside strings (JSON.stringify already escapes U+0000–U+001F).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with the characters a terminal acts on written as `\uNNNN`: the same value once parsed. */
export function jsonForTerminal(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A deep copy of plain data with every string and every key made safe for one line. */
export function escapeStrings<T>(value: T): T {
  return escapeDeep(value) as T;
}

function escapeDeep(v: unknown): unknown {
  if (typeof v === 'string') return escapeControl(v);
  if (Array.isArray(v)) return v.map(escapeDeep);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      Object.defineProperty(out, escapeControl(k), { value: escapeDeep(x), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}
