import type { Clock } from '../engine/clock.js';
import type { RequestTable } from './request-table.js';
import type { Flow, Tier } from './tier.js';
import type { Outcomes } from './outcomes.js';

/**
 * Moves a request along its class's path of tiers (a tandem: it leaves one
 * tier before entering the next) and records its outcome when it leaves the
 * last tier or fails.
 */
export class RequestFlow implements Flow {
  private readonly requests: RequestTable;
  private readonly outcomes: Outcomes;
  private readonly clock: Clock;
  /** Per class, the tier indices it visits, in order. */
  private readonly paths: Int32Array[];
  private tiers: Tier[] = [];

  constructor(requests: RequestTable, outcomes: Outcomes, paths: Int32Array[], clock: Clock) {
    this.requests = requests;
    this.outcomes = outcomes;
    this.paths = paths;
    this.clock = clock;
  }

  /** Wire the tiers once they are built (they need the flow themselves). */
  connect(tiers: Tier[]): void {
    this.tiers = tiers;
  }

  /** A new request enters its first tier. */
  start(request: number): void {
    const path = this.paths[this.requests.classIndex[request]!]!;
    if (path.length === 0) {
      this.finish(request);
      return;
    }
    this.tiers[path[0]!]!.accept(request);
  }

  advance(request: number): void {
    const requests = this.requests;
    const path = this.paths[requests.classIndex[request]!]!;
    const next = requests.stage[request]! + 1;
    if (next < path.length) {
      requests.stage[request] = next;
      this.tiers[path[next]!]!.accept(request);
    } else {
      this.finish(request);
    }
  }

  fail(request: number, reason: number): void {
    this.outcomes.failed(this.requests.arrivalSeconds[request]!, this.requests.classIndex[request]!, reason);
    this.requests.release(request);
  }

  private finish(request: number): void {
    const requests = this.requests;
    const arrival = requests.arrivalSeconds[request]!;
    this.outcomes.succeeded(arrival, requests.classIndex[request]!, (this.clock.now - arrival) * 1000);
    requests.release(request);
  }
}
