import type { Balancer } from './balancers/balancer.js';
import type { Clock } from '../engine/clock.js';
import type { RequestTable } from './request-table.js';
import type { Server, ServerOwner } from './server.js';
import type { LatencyHistogram } from '../stats/latency-histogram.js';
import { FailureReason } from './failure-reason.js';

/** Where a tier sends a request next, and where it reports failures. */
export interface Flow {
  /** The request left tier `tierIndex` successfully. */
  advance(request: number): void;
  /** The request failed with a FailureReason index. */
  fail(request: number, reason: number): void;
}

/**
 * A tier: a set of servers behind one balancing policy (the web tier, the
 * HAProxy pair, the MySQL servers). Measures its own latency (queueing +
 * service) per request.
 */
export class Tier implements ServerOwner {
  readonly name: string;
  readonly index: number;
  readonly servers: Server[] = [];
  private readonly balancer: Balancer;
  private readonly requests: RequestTable;
  private readonly flow: Flow;
  private readonly clock: Clock;
  /** Per-tier latency [ms] (queueing + service), requests that arrived after warm-up. */
  readonly latencyMs: LatencyHistogram;
  private measureFrom = 0;

  constructor(
    name: string,
    index: number,
    balancer: Balancer,
    requests: RequestTable,
    flow: Flow,
    latencyMs: LatencyHistogram,
    clock: Clock,
  ) {
    this.name = name;
    this.index = index;
    this.balancer = balancer;
    this.requests = requests;
    this.flow = flow;
    this.latencyMs = latencyMs;
    this.clock = clock;
  }

  /** Only requests that entered the system at or after this time [s] are measured. */
  setMeasureFrom(seconds: number): void {
    this.measureFrom = seconds;
  }

  /** A request enters the tier. */
  accept(request: number): void {
    this.requests.stageStartSeconds[request] = this.clock.now;
    const i = this.balancer.pick(this.servers, 0);
    if (!this.servers[i]!.arrive(request)) this.flow.fail(request, FailureReason.rejected);
  }

  served(_serverIndex: number, request: number): void {
    const requests = this.requests;
    if (requests.arrivalSeconds[request]! >= this.measureFrom) {
      this.latencyMs.record((this.clock.now - requests.stageStartSeconds[request]!) * 1000);
    }
    this.flow.advance(request);
  }
}
