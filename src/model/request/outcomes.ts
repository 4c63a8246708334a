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
  ok = 0;
  failedTotal = 0;
  /** Failures by FailureReason index. */
  readonly failedBy = new Float64Array(FAILURE_REASON_NAMES.length);
  readonly classOk: Float64Array;
  readonly classFailed: Float64Array;
  private readonly multiClass: boolean;
  /**
   * Latency of the current time window, per class. One record per request:
   * the window's overall histogram is their sum, made by the window meter
   * when it stores and resets them at each window boundary — an event of its
   * own, so the request path never compares a time with the boundary.
   */
  readonly classWindowLatencyMs: WindowHistogram[];

  /** Per site where the request entered (its first server's site): latency and counts. */
  readonly siteLatencyMs: LatencyHistogram[];
  readonly siteOk: Float64Array;
  readonly siteFailed: Float64Array;
  private readonly multiSite: boolean;

  constructor(classCount: number, measureFromSeconds: number, siteCount = 1) {
    this.siteLatencyMs = Array.from({ length: siteCount }, () => new LatencyHistogram());
    this.siteOk = new Float64Array(siteCount);
    this.siteFailed = new Float64Array(siteCount);
    this.multiSite = siteCount > 1;
    this.measureFromSeconds = measureFromSeconds;
    // With one class, its histogram is the global one (recorded once, not twice).
    this.classLatencyMs = classCount === 1 ? [this.latencyMs] : Array.from({ length: classCount }, () => new LatencyHistogram());
    this.multiClass = classCount > 1;
    this.classWindowLatencyMs = Array.from({ length: classCount }, () => new WindowHistogram());
    this.classOk = new Float64Array(classCount);
    this.classFailed = new Float64Array(classCount);
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
    this.ok++;
    this.classOk[cls]!++;
    // Histograms take the value in a field (see LatencyHistogram.pendingMs).
    const all = this.latencyMs;
    all.pendingMs = latencyMs;
    all.recordPending();
    const window = this.classWindowLatencyMs[cls]!;
    window.pendingMs = latencyMs;
    window.recordPending();
    // `=== true`: one pointer compare, not a ToBoolean (see EventQueue.push).
    if (this.multiClass === true) {
      const h = this.classLatencyMs[cls]!;
      h.pendingMs = latencyMs;
      h.recordPending();
    }
    if (this.multiSite === true && site >= 0) {
      this.siteOk[site]!++;
      const h = this.siteLatencyMs[site]!;
      h.pendingMs = latencyMs;
      h.recordPending();
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
