import { LatencyHistogram } from '../../stats/latency-histogram.js';
import { WindowHistogram } from '../../stats/window-histogram.js';
import { FAILURE_REASON_NAMES } from './failure-reason.js';

/**
 * End-to-end outcome of every request that arrived after the warm-up:
 * successes with their latency, failures by reason, per class too.
 * Streaming: memory does not grow with the number of requests.
 */
export class Outcomes {
  /** Requests arriving before this time [s] are not counted. */
  measureFromSeconds: number;
  readonly latencyMs = new LatencyHistogram();
  readonly classLatencyMs: LatencyHistogram[];
  failedTotal = 0;
  /** Failures by FailureReason index. */
  readonly failedBy = new Float64Array(FAILURE_REASON_NAMES.length);
  readonly classFailed: Float64Array;
  /** Number of classes. */
  readonly classCount: number;
  private readonly multiClass: boolean;
  /**
   * Latency of the current time window, per class: filled from the class's
   * whole-run histogram by `fillWindows` at each window boundary (see
   * LatencyHistogram.drainWindow), not recorded per request. The window's
   * overall histogram is their sum, made by the window meter when it stores
   * and resets them at the boundary — an event of its own, so the request
   * path never compares a time with the boundary.
   */
  readonly classWindowLatencyMs: WindowHistogram[];
  /** Plain sum of the current window's latencies [ms], per class (the window histogram's sum: see LatencyHistogram.drainWindow). */
  private readonly classWindowSumMs: Float64Array;

  /** Per site where the request entered (its first server's site): latency and counts. */
  readonly siteLatencyMs: LatencyHistogram[];
  readonly siteFailed: Float64Array;
  private readonly multiSite: boolean;

  constructor(classCount: number, measureFromSeconds: number, siteCount = 1) {
    this.siteLatencyMs = Array.from({ length: siteCount }, () => new LatencyHistogram());
    this.siteFailed = new Float64Array(siteCount);
    this.multiSite = siteCount > 1;
    this.measureFromSeconds = measureFromSeconds;
    // With one class, its histogram is the global one (recorded once, not twice).
    this.classLatencyMs = classCount === 1 ? [this.latencyMs] : Array.from({ length: classCount }, () => new LatencyHistogram());
    this.multiClass = classCount > 1;
    this.classWindowLatencyMs = Array.from({ length: classCount }, () => new WindowHistogram());
    this.classWindowSumMs = new Float64Array(classCount);
    this.classCount = classCount;
    this.classFailed = new Float64Array(classCount);
  }

  /**
   * Successes counted (arrived after the warm-up). Why no counters: every
   * counted success is recorded in the end-to-end histogram, in its class's
   * and (several entry sites) in its site's, so their counts are the
   * counters; incrementing `ok`, `classOk[c]` and `siteOk[s]` as well cost
   * about 37 instructions per request on M/M/8 (valgrind,
   * bench/mmc-instructions.sh: 1,935 → 1,898).
   */
  get ok(): number {
    return this.latencyMs.count;
  }

  /** Successes of class `cls`. */
  classOk(cls: number): number {
    return this.classLatencyMs[cls]!.count;
  }

  /** Successes that entered at site `site` (0 for every site when there is one entry site: not tracked). */
  siteOk(site: number): number {
    return this.multiSite === true ? this.siteLatencyMs[site]!.count : 0;
  }

  /** Number of sites tracked (1 when every request enters at one site). */
  get siteCount(): number {
    return this.siteLatencyMs.length;
  }

  /**
   * `succeededPending`'s doubles: the hot path's door. Fields, not
   * arguments, so they are never boxed (see EventQueue.nextTime).
   * Non-integers so V8 stores them unboxed.
   */
  pendingArrivalSeconds = 0.5;
  pendingLatencyMs = 0.5;

  /** `site`: where the request entered, −1 if it never reached a server. */
  succeeded(arrivalSeconds: number, cls: number, latencyMs: number, site: number): void {
    this.pendingArrivalSeconds = arrivalSeconds;
    this.pendingLatencyMs = latencyMs;
    this.succeededPending(cls, site);
  }

  /** `succeeded(pendingArrivalSeconds, cls, pendingLatencyMs, site)`. */
  succeededPending(cls: number, site: number): void {
    if (this.pendingArrivalSeconds < this.measureFromSeconds) return;
    const latencyMs = this.pendingLatencyMs;
    // Histograms take the value in a field (see LatencyHistogram.pendingMs).
    const all = this.latencyMs;
    all.pendingMs = latencyMs;
    all.recordPending();
    this.classWindowSumMs[cls]! += latencyMs;
    // `=== true`: one pointer compare, not a ToBoolean (see EventQueue.push).
    if (this.multiClass === true) {
      const h = this.classLatencyMs[cls]!;
      h.pendingMs = latencyMs;
      h.recordPending();
    }
    if (this.multiSite === true && site >= 0) {
      const h = this.siteLatencyMs[site]!;
      h.pendingMs = latencyMs;
      h.recordPending();
    }
  }

  /** A window boundary: the current window's class histograms get what their classes recorded since the last one. */
  fillWindows(): void {
    for (let c = 0; c < this.classCount; c++) {
      this.classLatencyMs[c]!.drainWindow(this.classWindowLatencyMs[c]!, this.classWindowSumMs[c]!);
      this.classWindowSumMs[c] = 0;
    }
  }

  failed(arrivalSeconds: number, cls: number, reason: number, site: number): void {
    if (arrivalSeconds < this.measureFromSeconds) return;
    this.failedTotal++;
    this.failedBy[reason]!++;
    this.classFailed[cls]!++;
    if (this.multiSite && site >= 0) this.siteFailed[site]!++;
  }
}
