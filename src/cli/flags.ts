/**
 * Checks on the raw command line that yargs does not make: a flag that needs
 * a value and has none (`--seed` at the end, or followed by another flag),
 * and a flag given twice. yargs would read the first as `""` (a valid seed!)
 * and turn the second into a list, which then failed as a scenario error
 * ("run.seed: expected a number, got a list") blaming the scenario file.
 */

/** Flags of the run command that take a value, with an example for messages. */
export const VALUE_FLAGS: Readonly<Record<string, string>> = {
  seed: '--seed 7',
  duration: '--duration 30min',
  replications: '--replications 8',
  workers: '--workers 2',
  out: '--out summary.json',
  'max-events': '--max-events 5e9',
  shard: '--shard 2/3',
};

const ALL_FLAGS = new Set([...Object.keys(VALUE_FLAGS), 'json', 'quiet', 'q', 'help', 'h', 'version']);

/** A problem with the flags themselves; undefined when they are fine. */
export function checkFlags(argv: readonly string[]): string | undefined {
  const seen = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const m = /^--?([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) continue;
    const name = m[1]!;
    if (!ALL_FLAGS.has(name)) continue; // yargs reports unknown flags
    let value = m[2];
    if (name in VALUE_FLAGS && value === undefined) {
      const next = argv[i + 1];
      // A following flag is not a value, but a negative number is ("--seed -3").
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) return `--${name} needs a value, e.g. ${VALUE_FLAGS[name]}`;
      value = next;
      i++;
    }
    if (name === 'out' && value === '-') return '--out -: for the JSON summary on standard output, use --json';
    if (name in VALUE_FLAGS && value !== undefined && value.trim() === '') return `--${name} needs a value, e.g. ${VALUE_FLAGS[name]}; got an empty one`;
    const canonical = name === 'q' ? 'quiet' : name === 'h' ? 'help' : name;
    seen.set(canonical, [...(seen.get(canonical) ?? []), value ?? '']);
  }
  for (const [name, values] of seen) {
    if (values.length > 1 && name in VALUE_FLAGS) return `--${name} is given ${values.length} times (${values.join(', ')}); give it once`;
  }
  return undefined;
}
