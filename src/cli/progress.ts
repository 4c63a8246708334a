/**
 * Progress of a long run on stderr, redrawn in place at most every 200 ms
 * of wall time, and only when stderr is a terminal (hyperfine's rule: pipes
 * and CI logs get no carriage-return noise).
 */
export class Progress {
  private lastDraw = 0;
  private readonly started = Date.now();
  private drawn = false;

  private constructor(
    private readonly label: string,
    private readonly write: (s: string) => void,
  ) {}

  /** A progress line on stderr, or undefined when stderr is not a terminal. */
  static forStderr(label: string): Progress | undefined {
    if (!process.stderr.isTTY) return undefined;
    return new Progress(label, (s) => process.stderr.write(s));
  }

  update(fraction: number): void {
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const elapsed = (now - this.started) / 1000;
    const eta = fraction > 0.01 ? ` (about ${Math.ceil((elapsed * (1 - fraction)) / fraction)} s left)` : '';
    this.write(`\r${this.label}: ${(fraction * 100).toFixed(0).padStart(3)}% simulated${eta}   `);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.write('\r\x1b[K');
  }
}
