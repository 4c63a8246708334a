import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import { WindowHistogramStore, type WindowHistogram, type WindowHistogramsData } from '../../stats/window-histogram.js';

/** What the window meter reads at every window boundary (it knows nothing else of the model). */
export interface WindowColumns {
  /** Running counts (requests ok, arrivals…): a window gets the increase over it. */
  counters: ReadonlyArray<() => number>;
  /** Running time integrals up to a time (∫ busy dt…): a window gets the increase over it. */
  integrals: ReadonlyArray<(nowSeconds: number) => number>;
  /** Per histogram series, the current-window histograms that feed it (several series may share one): stored, then reset, at each boundary. */
  histograms: ReadonlyArray<() => readonly WindowHistogram[]>;
  /** Called at each boundary before the histograms are read: fills those that are not recorded as they go (Outcomes.fillWindows). */
  fill?: () => void;
}

/** One replication's windows, as plain data. */
export interface WindowMeterData {
  /** Per counter column, one value per window. */
  counts: Float64Array[];
  integrals: Float64Array[];
  histograms: WindowHistogramsData[];
}

const OPEN = 0;
const BOUNDARY = 1;

/**
 * Cuts the measured part of the run into windows of `windowSeconds` (the
 * last one ends with the run, so it may be shorter). It fires once when the
 * measurement starts and once per window boundary — about 300 events per
 * run by default — and does all its work then: it reads the running counts
 * and integrals (differences give the window's share) and stores the
 * current-window histograms (the class latency ones filled first from the
 * classes' whole-run histograms: `fill`). Nothing is added per request, not
 * even a record into a window histogram; no time comparison, since the boundary is an
 * event: whatever happens before it in event order falls in the window.
 *
 * It must begin after the warm-up marker, so that at the measurement start
 * it reads the integrals the marker has just reset (see build.ts).
 */
export class WindowMeter implements Component {
  private readonly counts: Float64Array[];
  private readonly integrals: Float64Array[];
  private readonly stores: WindowHistogramStore[];
  private readonly lastCount: Float64Array;
  private readonly lastIntegral: Float64Array;
  /** Windows closed so far. */
  private closed = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly columns: WindowColumns,
    private readonly fromSeconds: number,
    private readonly windowSeconds: number,
    readonly windows: number,
  ) {
    this.counts = columns.counters.map(() => new Float64Array(windows));
    this.integrals = columns.integrals.map(() => new Float64Array(windows));
    this.stores = columns.histograms.map(() => new WindowHistogramStore(windows));
    this.lastCount = new Float64Array(columns.counters.length);
    this.lastIntegral = new Float64Array(columns.integrals.length);
    ctx.scheduleAt(fromSeconds, OPEN);
  }

  handle(kind: number): void {
    const now = this.ctx.now;
    if (kind === OPEN) {
      this.columns.counters.forEach((read, i) => (this.lastCount[i] = read()));
      this.columns.integrals.forEach((read, i) => (this.lastIntegral[i] = read(now)));
      this.columns.fill?.();
      for (const hs of this.columns.histograms) for (const h of hs()) h.reset();
    } else {
      this.close(now);
    }
    // The next boundary, computed from the start (not by adding windows: no drift over a month).
    if (this.closed + 1 < this.windows) this.ctx.scheduleAt(this.fromSeconds + (this.closed + 1) * this.windowSeconds, BOUNDARY);
  }

  /** The run ended at `endSeconds`: close the last window (and any a shortened run left open). */
  finish(endSeconds: number): WindowMeterData {
    while (this.closed < this.windows) this.close(endSeconds);
    return { counts: this.counts, integrals: this.integrals, histograms: this.stores.map((s) => s.data()) };
  }

  private close(now: number): void {
    const k = this.closed++;
    this.columns.counters.forEach((read, i) => {
      const v = read();
      this.counts[i]![k] = v - this.lastCount[i]!;
      this.lastCount[i] = v;
    });
    this.columns.integrals.forEach((read, i) => {
      const v = read(now);
      this.integrals[i]![k] = v - this.lastIntegral[i]!;
      this.lastIntegral[i] = v;
    });
    this.columns.fill?.();
    const histograms = this.columns.histograms.map((hs) => hs());
    histograms.forEach((hs, i) => this.stores[i]!.close(k, hs));
    // After every series is stored: the overall latency and each class's read the same histograms.
    for (const hs of histograms) for (const h of hs) h.reset();
  }
}
