import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedClass } from '../../scenario/resolved.js';
import type { RequestTable } from '../request/request-table.js';
import { CallCount } from './call-count.js';

/** What the fan-out asks of the request flow. */
export interface CallHost {
  /** Send the request (or a call of it) to the tier at `stage` of its path. */
  callStage(request: number, stage: number): void;
  /** Every call is done: the request leaves the end of its path. */
  callsDone(request: number): void;
  /** Fail the request (see Flow.fail). */
  fail(request: number, reason: number, keepId: boolean): void;
  /** Release the request's id (it failed while calls still named it). */
  forget(request: number): void;
  /** Free the slots the request holds above depth `base` (innermost first). */
  releaseHoldsAbove(request: number, base: number): void;
}

/**
 * Calls that fan out: at its class's fan-out stage a request calls that
 * tier `count` times, each call running the path from there to its end.
 *
 * In sequence, the request itself makes the calls one after the other: at
 * the end of its path it goes back to the fan-out stage while calls remain
 * (releasing the slots held since the calls began). In parallel, each call
 * is a request of its own (same class, same arrival, key and site, marked
 * orphan so that no outcome counts it) and the caller waits, outside any
 * server, until the last one is back. A failed call fails the request; in
 * parallel the other calls run on (nobody cancels them) and the caller's id
 * stays reserved until the last is back.
 *
 * State per request in typed arrays indexed by request id (grown with the
 * table): no allocation per call.
 */
export class FanOut {
  /** Per class: the fan-out stage (−1: none), parallel or not, the count. */
  readonly stageOf: Int32Array;
  private readonly parallel: Uint8Array;
  private readonly counts: Array<CallCount | undefined>;
  /** Sequence: calls still to make after the current one; parallel caller: calls not back yet. */
  private remaining = new Int32Array(1024);
  /** A call's caller; −1 for every other request. */
  parentOf = new Int32Array(1024).fill(-1);
  /** Sequence: the caller's hold depth when the calls began. */
  private holdBase = new Uint8Array(1024);
  /** Parallel caller: 1 once a call failed (and so did the caller). */
  private failed = new Uint8Array(1024);

  constructor(
    classes: readonly ResolvedClass[],
    private readonly requests: RequestTable,
    private readonly rng: RandomStream,
    private readonly host: CallHost,
    private readonly now: () => number,
  ) {
    this.stageOf = Int32Array.from(classes, (c) => c.calls?.stage ?? -1);
    this.parallel = Uint8Array.from(classes, (c) => (c.calls?.parallel ? 1 : 0));
    this.counts = classes.map((c) => (c.calls ? new CallCount(c.calls.count) : undefined));
  }

  /** A new request (or a retry): no calls pending. */
  reset(request: number): void {
    if (request >= this.remaining.length) this.grow(request);
    this.remaining[request] = 0;
  }

  /** The request reaches its class's fan-out stage: draw the count and make the calls. */
  begin(request: number, stage: number): void {
    const requests = this.requests;
    const cls = requests.classIndex[request]!;
    const k = this.counts[cls]!.sample(this.rng);
    if (k === 0) {
      this.host.callsDone(request);
      return;
    }
    if (this.parallel[cls] === 0) {
      this.remaining[request] = k - 1;
      this.holdBase[request] = requests.holdDepth[request]!;
      this.host.callStage(request, stage);
      return;
    }
    this.remaining[request] = k;
    this.failed[request] = 0;
    for (let i = 0; i < k; i++) {
      if (this.failed[request] === 1) {
        // A call failed at once (no backend, queue full): the caller failed, the rest are not sent.
        this.remaining[request]! -= k - i;
        if (this.remaining[request] === 0) this.host.forget(request);
        return;
      }
      this.host.callStage(this.spawn(request, cls), stage);
    }
  }

  /** A call of `parent`: a request of its own that carries the caller's arrival, client, key and site. */
  private spawn(parent: number, cls: number): number {
    const requests = this.requests;
    const call = requests.create(this.now(), cls);
    if (call >= this.remaining.length) this.grow(call);
    requests.arrivalSeconds[call] = requests.arrivalSeconds[parent]!;
    requests.clientKey[call] = requests.clientKey[parent]!;
    requests.routeKey[call] = requests.routeKey[parent]!;
    requests.site[call] = requests.site[parent]!;
    requests.entrySite[call] = requests.entrySite[parent]!;
    requests.setOrphan(call); // its outcome is its caller's
    this.remaining[call] = 0;
    this.parentOf[call] = parent;
    return call;
  }

  /** The request reached the end of its path: another call in sequence? (Then it is sent.) */
  again(request: number): boolean {
    if (request >= this.remaining.length || this.remaining[request]! <= 0) return false;
    this.remaining[request]!--;
    this.host.releaseHoldsAbove(request, this.holdBase[request]!);
    this.host.callStage(request, this.stageOf[this.requests.classIndex[request]!]!);
    return true;
  }

  /** A parallel call (`parentOf[call] ≥ 0`) succeeded: free it; the caller goes on when it was the last. */
  callSucceeded(call: number): void {
    const parent = this.parentOf[call]!;
    this.parentOf[call] = -1;
    const requests = this.requests;
    requests.site[parent] = requests.site[call]!; // the answer comes from there (the way back through held slots starts there)
    this.host.releaseHoldsAbove(call, 0);
    requests.release(call);
    this.ended(parent, -1);
  }

  /** A parallel call failed with `reason`: so does its caller (once). */
  callFailed(call: number, reason: number, keepId: boolean): void {
    const parent = this.parentOf[call]!;
    this.parentOf[call] = -1;
    this.host.releaseHoldsAbove(call, 0);
    if (keepId) this.requests.setZombie(call);
    else this.requests.release(call);
    this.ended(parent, reason);
  }

  /** A slot a parallel call held died while the call was further down: its caller fails now; the call runs on. */
  callLost(call: number, reason: number): void {
    const parent = this.parentOf[call]!;
    if (this.failed[parent] === 1) return;
    this.failed[parent] = 1;
    this.host.fail(parent, reason, true);
  }

  private ended(parent: number, reason: number): void {
    this.remaining[parent]!--;
    if (reason >= 0 && this.failed[parent] === 0) {
      this.failed[parent] = 1;
      // Its id stays reserved while other calls name it.
      this.host.fail(parent, reason, true);
    }
    if (this.remaining[parent] !== 0) return;
    if (this.failed[parent] === 1) this.host.forget(parent);
    else this.host.callsDone(parent);
  }

  private grow(atLeast: number): void {
    let cap = this.remaining.length;
    while (cap <= atLeast) cap *= 2;
    const remaining = new Int32Array(cap);
    remaining.set(this.remaining);
    this.remaining = remaining;
    const parentOf = new Int32Array(cap).fill(-1);
    parentOf.set(this.parentOf);
    this.parentOf = parentOf;
    const holdBase = new Uint8Array(cap);
    holdBase.set(this.holdBase);
    this.holdBase = holdBase;
    const failed = new Uint8Array(cap);
    failed.set(this.failed);
    this.failed = failed;
  }
}
