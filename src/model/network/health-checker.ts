import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';

/** A backend as a health checker sees it. */
export interface CheckedBackend {
  /** The truth: is the service answering? */
  readonly alive: boolean;
  /** The balancer's belief, which the checker maintains. */
  up: boolean;
  /** False while taken out of the pool on purpose (autoscaling): not probed, never marked up. Default true. */
  readonly inPool?: boolean;
}

export interface HealthCheckSpec {
  /** Time between two probes of one backend (HAProxy `inter`) [s]. */
  intervalSeconds: number;
  /** How long a probe to a dead backend takes to fail (HAProxy `timeout check`) [s]; ≤ interval. */
  timeoutSeconds: number;
  /** Consecutive successes that bring a backend back up. */
  rise: number;
  /** Consecutive failures that take a backend down. */
  fall: number;
}

const PROBE = 0;
const PROBE_FAILED = 1;

/**
 * HAProxy-style active health checks: every backend is probed every
 * `interval` (probes staggered across backends so they do not all fire at
 * once); a probe to a live backend succeeds at once, one to a dead backend
 * fails after `timeout`. `fall` consecutive failures mark the backend down,
 * `rise` consecutive successes mark it up again. A probe that must cross a
 * partitioned link (`reachable` says no) fails like one to a dead backend,
 * so a server cut off from the balancer is marked down. A backend that dies is
 * therefore detected between (fall − 1)·inter + timeout and fall·inter +
 * timeout after its death, and keeps receiving traffic until then.
 */
export class HealthChecker implements Component {
  private readonly successes: Int32Array;
  private readonly failures: Int32Array;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: HealthCheckSpec,
    private readonly backends: readonly CheckedBackend[],
    /** Called when the checker changes its mind about a backend. */
    private readonly onChange?: (index: number, up: boolean, nowSeconds: number) => void,
    /** Whether a probe gets to backend `i` (false across a partitioned link); absent: always. */
    private readonly reachable?: (index: number) => boolean,
  ) {
    this.successes = new Int32Array(backends.length).fill(spec.rise);
    this.failures = new Int32Array(backends.length);
  }

  /** Schedule the first probe of every backend, staggered over one interval. */
  begin(): void {
    const n = this.backends.length;
    for (let i = 0; i < n; i++) this.ctx.schedule((this.spec.intervalSeconds * i) / n, PROBE, i);
  }

  handle(kind: number, i: number): void {
    if (kind === PROBE) {
      if (this.backends[i]!.inPool === false) {
        // Out of the pool on purpose: no verdict; the counts restart when it returns.
        this.failures[i] = 0;
        this.successes[i] = 0;
      } else if (this.backends[i]!.alive && (this.reachable === undefined || this.reachable(i))) this.succeeded(i);
      else this.ctx.schedule(this.spec.timeoutSeconds, PROBE_FAILED, i);
      this.ctx.schedule(this.spec.intervalSeconds, PROBE, i);
    } else {
      this.failed(i);
    }
  }

  private succeeded(i: number): void {
    this.failures[i] = 0;
    this.successes[i] = this.successes[i]! + 1;
    const b = this.backends[i]!;
    if (!b.up && this.successes[i]! >= this.spec.rise) {
      b.up = true;
      this.onChange?.(i, true, this.ctx.now);
    }
  }

  private failed(i: number): void {
    // A probe sent before the backend left the pool (or came back to it) says nothing now.
    if (this.backends[i]!.inPool === false) return;
    this.successes[i] = 0;
    this.failures[i] = this.failures[i]! + 1;
    const b = this.backends[i]!;
    if (b.up && this.failures[i]! >= this.spec.fall) {
      b.up = false;
      this.onChange?.(i, false, this.ctx.now);
    }
  }
}
