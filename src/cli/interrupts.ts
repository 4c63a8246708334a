/**
 * Ctrl-C and SIGTERM during a run keep what is done.
 *
 * The first signal aborts {@link Interrupts.signal}: the run starts no new
 * replication, terminates its workers and returns the summary of the
 * replications done, marked partial (run/run-interrupted.ts); `simulate`
 * prints it, writes `--out`, and exits 130 (SIGINT) or 143 (SIGTERM), the
 * shell's 128 + signal number. A second signal stops at once with that code
 * and no summary, after `cleanUp` (the temporary `--out` file is removed, an
 * existing result is left as it was).
 */
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

type SignalName = 'SIGINT' | 'SIGTERM';

/** What the handlers need of `process` (injectable for tests). */
export interface SignalHost {
  on(event: SignalName, listener: () => void): unknown;
  off(event: SignalName, listener: () => void): unknown;
  exit(code: number): never;
  stderr: { write(text: string): unknown };
}

export function exitCodeOf(signal: string): ExitCodeValue {
  return signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
}

export class Interrupts {
  private readonly controller = new AbortController();
  private readonly listeners = new Map<SignalName, () => void>();

  constructor(
    private readonly cleanUp: () => void,
    private readonly host: SignalHost = process,
  ) {
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      const listener = (): void => this.received(name);
      this.listeners.set(name, listener);
      host.on(name, listener);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The exit code the run ends with, once interrupted. */
  get exitCode(): ExitCodeValue | undefined {
    return this.controller.signal.aborted ? exitCodeOf(this.controller.signal.reason as string) : undefined;
  }

  /** Back to the default handlers (the run is over). */
  remove(): void {
    for (const [name, listener] of this.listeners) this.host.off(name, listener);
    this.listeners.clear();
  }

  private received(name: SignalName): void {
    if (!this.controller.signal.aborted) {
      this.host.stderr.write(`\nsimulate: ${name}: stopping; the summary will cover the replications done (${name === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to stop at once, with nothing saved)\n`);
      this.controller.abort(name);
      return;
    }
    this.cleanUp();
    this.host.stderr.write(`simulate: ${name} again: stopped at once, nothing saved\n`);
    this.host.exit(exitCodeOf(this.controller.signal.reason as string));
  }
}
