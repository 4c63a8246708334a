/**
 * Progress of a long run on stderr, redrawn in place at most every 200 ms
 * of wall time, and only when stderr is a terminal (hyperfine's rule: pipes
 * and CI logs get no carriage-return noise).
 *
 * The line shows the share simulated, the elapsed time and an ETA: the time
 * left at the speed so far, once 1% is done (before that the speed is not
 * known), and, with several replications, how many are done and the
 * engine's speed, e.g. `sofoot: 42% simulated, 3/8 replications, 2.1 M events/s, 0:12 elapsed, ETA 0:17`.
 */
import { safeLine } from './safe-text.js';

/** Seconds as m:ss (or h:mm:ss). */
export function clockTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** What the progress line knows of the run: its estimated events and its replications. */
export interface RunSize {
  events?: number;
  replications?: number;
}

export class Progress {
  private lastDraw = -Infinity;
  private readonly started: number;
  private drawn = false;

  /** Use {@link forStderr}; `now` and `write` are injectable for tests. */
  constructor(
    private readonly label: string,
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
    private readonly run: RunSize = {},
  ) {
    this.started = now();
  }

  /** A progress line on stderr, or undefined when stderr is not a terminal. */
  static forStderr(label: string, estimatedEvents?: number, replications?: number): Progress | undefined {
    if (!process.stderr.isTTY) return undefined;
    const events = estimatedEvents !== undefined && Number.isFinite(estimatedEvents) ? ` (~${formatEvents(estimatedEvents)} events)` : '';
    return new Progress(safeLine(label) + events, (s) => process.stderr.write(s), Date.now, {
      ...(estimatedEvents !== undefined && Number.isFinite(estimatedEvents) ? { events: estimatedEvents } : {}),
      ...(replications !== undefined ? { replications } : {}),
    });
  }

  /**
   * The line for `fraction` done (0..1) at `elapsed` seconds; with the run's
   * size, also the replications done and the engine's speed (estimated
   * events × fraction ÷ elapsed).
   */
  static line(label: string, fraction: number, elapsed: number, run: RunSize = {}): string {
    const eta = fraction >= 0.01 && fraction < 1 ? `, ETA ${clockTime((elapsed * (1 - fraction)) / fraction)}` : '';
    const reps = run.replications !== undefined && run.replications > 1 ? `, ${Math.min(run.replications, Math.floor(fraction * run.replications + 1e-9))}/${run.replications} replications` : '';
    const speed = run.events !== undefined && elapsed > 0 && fraction > 0 ? `, ${formatEvents((run.events * fraction) / elapsed)} events/s` : '';
    return `${label}: ${(fraction * 100).toFixed(0).padStart(3)}% simulated${reps}${speed}, ${clockTime(elapsed)} elapsed${eta}`;
  }

  update(fraction: number): void {
    const now = this.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.write(`\r${Progress.line(this.label, fraction, (now - this.started) / 1000, this.run)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.write('\r\x1b[K');
  }
}

function formatEvents(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${Math.round(n / 1e3)} k`;
}

/**
 * With SIMULATE_PROGRESS=lines, one plain line on stderr when the run starts
 * and one per replication done: progress for logs and CI, where the
 * redrawn line is off (and what the interrupt tests wait for).
 */
export function replicationLines(total: number, env: NodeJS.ProcessEnv = process.env, write: (s: string) => unknown = (s) => process.stderr.write(s)): ((index: number) => void) | undefined {
  if (env.SIMULATE_PROGRESS !== 'lines') return undefined;
  write(`simulate: running ${total} replication(s)\n`);
  let done = 0;
  return (index) => {
    done++;
    write(`simulate: replication ${index} done (${done} of ${total})\n`);
  };
}
