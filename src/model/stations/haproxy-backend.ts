import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { ResolvedHaproxy } from '../../scenario/resolved-haproxy.js';
import { NO_BACKEND, type BackendView, type Balancer } from '../balancers/balancer.js';
import { CHOICE_TAKEN, choiceFailure, FailureReason } from '../request/failure-reason.js';
import type { RequestTable } from '../request/request-table.js';
import type { Server, SlotWatch } from './server.js';

/** What the backend asks of the request path: send a request on to a server of the tier, or fail it. */
export interface ProxyFlow {
  /** Send the request to server `server` of tier `tierIndex` (crossing a link if the server is in another site). */
  dispatch(request: number, tierIndex: number, server: number): void;
  fail(request: number, reason: number, keepId: boolean): void;
}

const QUEUE_TIMEOUT = 0; // arg: the queued request's serial number
const RETRY = 1; // arg: the request
const CONNECT_TIMEOUT = 2; // arg: the request

/**
 * A server as the balancer of an HAProxy backend sees it: eligible while up
 * (health checks), below `maxconn`, and not the server a redispatch avoids.
 */
class ProxyView implements BackendView {
  constructor(
    private readonly backend: HaproxyBackend,
    private readonly server: Server,
  ) {}

  get inSystem(): number {
    return this.server.inSystem;
  }

  get up(): boolean {
    return this.backend.eligible(this.server);
  }
}

/**
 * HAProxy in front of a tier (a `backend` section): each server takes at
 * most `maxconn` requests at once (in service + its own queue); when every
 * server that is up is full, requests wait in one FIFO queue shared by the
 * tier, and each connection that frees goes to the oldest of them (so c
 * servers with maxconn 1 form an M/M/c queue, not c M/M/1 queues). A
 * request waiting longer than `timeout queue` fails (`queueTimeout`, a 503);
 * so does one that finds the queue at its limit. While the queue is not
 * empty, a new request joins it rather than overtaking it.
 *
 * A connect that is refused (a dead server still believed up) or times out
 * (a vanished server: after `timeout connect`) is retried up to `retries`
 * times: on the same server after the turn-around delay for a refusal, at
 * once after a timeout; with redispatch, the last retry (or every one) goes
 * to another eligible server picked by the tier's balancer (the same one if
 * there is none), and so does any retry once the health checks have marked
 * its server down. A request a server has accepted is never retried.
 *
 * Simplifications: a connection counts from the moment the request reaches
 * the server, so one crossing a link to it is not yet counted; the tier's
 * latency starts when the request reaches the server (the wait in the
 * backend queue is in `meanWaitSeconds` and in the end-to-end latency).
 *
 * Counters only count requests that arrived at or after `measureFrom`
 * (like the tier's latency), so no reset is needed at the warm-up.
 */
export class HaproxyBackend implements Component, SlotWatch {
  private readonly views: ProxyView[];
  /** Server a redispatch must avoid (−1: none), read by the views while the balancer picks. */
  private avoid: Server | undefined = undefined;
  // FIFO ring of waiting requests and when they joined; grows by doubling, never shrinks.
  private ring = new Int32Array(64);
  private joinedAt = new Float64Array(64);
  private head = 0;
  /** Requests waiting in the backend queue. */
  length = 0;
  /** Serial number of the request at the head (serials count enqueues). */
  private headSerial = 0;
  // Per request id: connection retries so far, and the server a retry (or a hanging connect) goes to.
  private tries = new Int32Array(1024);
  private target = new Int32Array(1024);
  private measureFrom = 0;
  private lastChange = 0;

  /** Measured requests that came to the backend (each visit of the tier). */
  arrivals = 0;
  /** … of which waited in the backend queue. */
  queued = 0;
  /** … of which left it for a server, and their total wait there [s]. */
  dispatched = 0;
  waitSeconds = 0;
  /** … of which failed after `timeout queue`, or found the queue full. */
  timedOut = 0;
  full = 0;
  /** Connection retries, and those that went to another server. */
  retried = 0;
  redispatched = 0;
  /** ∫ queue length dt since `measureFrom` [request·s], and the longest queue. */
  queueArea = 0;
  maxLength = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: ResolvedHaproxy,
    private readonly tierIndex: number,
    private readonly servers: readonly Server[],
    private readonly balancer: Balancer,
    private readonly requests: RequestTable,
    private readonly flow: ProxyFlow,
  ) {
    this.views = servers.map((s) => new ProxyView(this, s));
  }

  setMeasureFrom(seconds: number): void {
    this.measureFrom = seconds;
  }

  /** Whether a new connection may go to this server now. */
  eligible(server: Server): boolean {
    return server.up && server.inSystem < this.spec.maxconn && server !== this.avoid;
  }

  /**
   * A request comes to the tier (`key`: what the balancer routes by): the server to send it to, CHOICE_TAKEN when
   * it now waits in the backend queue, or `choiceFailure(reason)`.
   */
  admit(request: number, key: number): number {
    if (request >= this.tries.length) this.grow(request);
    this.tries[request] = 0;
    const measured = this.requests.arrivalSeconds[request]! >= this.measureFrom;
    if (measured) this.arrivals++;
    if (this.length === 0) {
      const i = this.balancer.pick(this.views, key);
      if (i !== NO_BACKEND) return i;
      // Without maxconn there is no queue to wait in; nor when no server is up.
      if (this.spec.maxconn === Infinity || !this.servers.some((s) => s.up)) return choiceFailure(FailureReason.noBackend);
    }
    if (this.length >= this.spec.queueLimit) {
      if (measured) this.full++;
      return choiceFailure(FailureReason.queueTimeout);
    }
    if (measured) this.queued++;
    this.enqueue(request);
    // A server that came back (or up) while others queued has room: serve the oldest first.
    if (this.length > 1) this.drain();
    return CHOICE_TAKEN;
  }

  /** A connection of server `i` freed: it goes to the oldest waiting request. */
  freed(i: number): void {
    if (this.length > 0 && this.eligible(this.servers[i]!)) this.dispatchHead(i);
  }

  /** Give every server with room one waiting request (a server came up, or back). */
  drain(): void {
    for (let i = 0; i < this.servers.length && this.length > 0; i++) if (this.eligible(this.servers[i]!)) this.dispatchHead(i);
  }

  /** The connect to server `i` was refused (it is dead, still believed up): retry, or fail. */
  refused(request: number, i: number): void {
    this.retryOrFail(request, i, false);
  }

  /** Server `i` vanished: the connect hangs until `timeout connect`, then is retried or fails. */
  vanished(request: number, i: number): void {
    if (request >= this.tries.length) this.grow(request);
    this.target[request] = i;
    this.ctx.schedule(this.spec.timeoutConnectSeconds, CONNECT_TIMEOUT, request);
  }

  handle(kind: number, arg: number): void {
    if (kind === QUEUE_TIMEOUT) {
      // Every request waits the same `timeout queue` and the queue is FIFO: the
      // one whose time is up is at the head, unless it has left already.
      if (this.length > 0 && ((arg - (this.headSerial | 0)) | 0) >= 0) {
        const request = this.pop();
        if (this.requests.arrivalSeconds[request]! >= this.measureFrom) this.timedOut++;
        this.flow.fail(request, FailureReason.queueTimeout, false);
      }
    } else if (kind === RETRY) {
      this.flow.dispatch(arg, this.tierIndex, this.target[arg]!);
    } else {
      this.retryOrFail(arg, this.target[arg]!, true);
    }
  }

  private retryOrFail(request: number, i: number, timedOut: boolean): void {
    const t = this.tries[request]!;
    const spec = this.spec;
    if (t >= spec.retries) {
      this.flow.fail(request, timedOut ? FailureReason.unreachable : FailureReason.refused, false);
      return;
    }
    this.tries[request] = t + 1;
    const measured = this.requests.arrivalSeconds[request]! >= this.measureFrom;
    if (measured) this.retried++;
    let to = i;
    // With redispatch, a retry also leaves a server the health checks have marked down meanwhile.
    const redispatch = spec.redispatch === 'every' || (spec.redispatch === 'last' && (t + 1 === spec.retries || !this.servers[i]!.up));
    if (redispatch) {
      this.avoid = this.servers[i];
      const j = this.balancer.pick(this.views, this.requests.clientKey[request]!);
      this.avoid = undefined;
      if (j !== NO_BACKEND) {
        to = j;
        if (measured) this.redispatched++;
      }
    }
    this.target[request] = to;
    // HAProxy's turn-around timer: only before reconnecting to the server that just refused.
    this.ctx.schedule(timedOut || to !== i ? 0 : spec.retryDelaySeconds, RETRY, request);
  }

  private dispatchHead(i: number): void {
    const at = this.joinedAt[this.head]!;
    const request = this.pop();
    if (this.requests.arrivalSeconds[request]! >= this.measureFrom) {
      this.dispatched++;
      this.waitSeconds += this.ctx.now - at;
    }
    this.flow.dispatch(request, this.tierIndex, i);
  }

  private enqueue(request: number): void {
    this.accumulate();
    if (this.length === this.ring.length) this.growRing();
    const at = (this.head + this.length) & (this.ring.length - 1);
    this.ring[at] = request;
    this.joinedAt[at] = this.ctx.now;
    const serial = this.headSerial + this.length;
    this.length++;
    if (this.length > this.maxLength && this.ctx.now >= this.measureFrom) this.maxLength = this.length;
    if (this.spec.timeoutQueueSeconds !== Infinity) this.ctx.schedule(this.spec.timeoutQueueSeconds, QUEUE_TIMEOUT, serial | 0);
  }

  private pop(): number {
    this.accumulate();
    const request = this.ring[this.head]!;
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.length--;
    this.headSerial++;
    return request;
  }

  /** Time-averaged queue length over the measured time (call before any change of `length`). */
  private accumulate(): void {
    const now = this.ctx.now;
    const from = this.lastChange > this.measureFrom ? this.lastChange : this.measureFrom;
    if (now > from) this.queueArea += this.length * (now - from);
    this.lastChange = now;
  }

  /** Mean queue length over [measureFrom, now]. */
  meanLength(nowSeconds: number): number {
    this.accumulate();
    const span = nowSeconds - this.measureFrom;
    return span > 0 ? this.queueArea / span : 0;
  }

  private growRing(): void {
    const n = this.ring.length;
    const ring = new Int32Array(n * 2);
    const joined = new Float64Array(n * 2);
    for (let k = 0; k < this.length; k++) {
      ring[k] = this.ring[(this.head + k) & (n - 1)]!;
      joined[k] = this.joinedAt[(this.head + k) & (n - 1)]!;
    }
    this.ring = ring;
    this.joinedAt = joined;
    this.head = 0;
  }

  private grow(atLeast: number): void {
    let cap = this.tries.length;
    while (cap <= atLeast) cap *= 2;
    const tries = new Int32Array(cap);
    tries.set(this.tries);
    this.tries = tries;
    const target = new Int32Array(cap);
    target.set(this.target);
    this.target = target;
  }
}
