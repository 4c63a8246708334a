import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { RandomStream } from '../../rng/stream.js';
import { CHOICE_TAKEN, FailureReason } from '../request/failure-reason.js';
import type { FairShare, TransferSink } from '../network/fair-share.js';
import type { Link, LinkTable } from '../network/link.js';
import type { Outcomes } from '../request/outcomes.js';
import type { RequestOwner } from '../request/request-owner.js';
import { MAX_HOLDS, type RequestTable } from '../request/request-table.js';
import type { Server } from '../stations/server.js';
import type { Flow, Tier } from '../stations/tier.js';
import type { Consequences } from './consequences.js';
import type { CallHost, FanOut } from './fan-out.js';
import type { KeyDraw } from './route-keys.js';

const ARRIVE_AT_SERVER = 0;
const TIMEOUT = 1;
const RETRY = 2;
const RETURN = 3;
/** The connect timeout across a partitioned link expired. */
const UNREACHABLE = 4;
/** Transfers over a site's access link (the `aux` of FairShare.start): the client's request is in; the response is out. */
const CLIENT_IN = 5;
const CLIENT_OUT = 6;

/** What the client does, per class. */
export interface ClientPolicies {
  /** Seconds before the client gives up; Infinity: never. */
  timeoutSeconds: Float64Array;
  /** Retries after a failure. */
  retries: Int32Array;
  /** Delay before a retry [s]. */
  retryAfterSeconds: Float64Array;
}

/**
 * Moves a request along its class's path of tiers (a tandem: it leaves one
 * tier before entering the next) and records its outcome when it leaves the
 * last tier or fails. Between two tiers in different sites the request
 * crosses the link (FIFO bandwidth + latency): it arrives at the chosen
 * server later, by an event. Across a partitioned link it does not arrive:
 * it fails with `unreachable` after the link's connect timeout (checked
 * only on that crossing path).
 *
 * Tandem, not nested: a server does not keep its slot while later tiers
 * work (the response goes straight back to the client). Documented as a
 * simplification of a real call chain.
 *
 * The client side: with a timeout, the client gives up after it (the
 * request fails with "timeout" but stays in the servers, an orphan nobody
 * waits for, until it leaves them); with retries, a failed attempt is sent
 * again after `retryAfter` as a new request carrying the original arrival
 * time, so the latency of a success includes the failed attempts. Each
 * logical request is counted once, when it succeeds or its last attempt
 * fails.
 */
export class RequestFlow implements Flow, Component, CallHost, TransferSink {
  private tiers: Tier[] = [];
  /** Per request: the tier and server it is travelling to (for ARRIVE_AT_SERVER). */
  private targetTier: Int32Array;
  private targetServer: Int32Array;

  constructor(
    private readonly ctx: SimContext,
    private readonly requests: RequestTable,
    private readonly outcomes: Outcomes,
    /** Per class, the tier indices it visits, in order. */
    private readonly paths: Int32Array[],
    /** Per class, per position on its path: bytes sent to that hop. */
    private readonly requestBytes: Float64Array[],
    /** Bytes of the response sent back through the servers that hold the request (and to the client), per class. */
    private readonly responseBytes: Float64Array,
    private readonly links: LinkTable,
    private readonly linkRng: RandomStream,
    private readonly client: ClientPolicies,
  ) {
    this.targetTier = new Int32Array(1024);
    this.targetServer = new Int32Array(1024);
  }

  /** Per class, per position on its path: bytes that hop sends back (its servers' cards carry them). */
  hopResponse: Float64Array[] = [];
  /** Per site, the access link's two directions (clients → site, site → clients); set when some site has one. */
  private accessIn: Array<FairShare | undefined> = [];
  private accessOut: Array<FairShare | undefined> = [];
  private hasAccess = false;

  /** Give sites their access links (once, when the model is assembled). */
  setAccess(accessIn: Array<FairShare | undefined>, accessOut: Array<FairShare | undefined>): void {
    this.accessIn = accessIn;
    this.accessOut = accessOut;
    this.hasAccess = accessIn.some((p) => p !== undefined);
  }

  hopResponseBytes(request: number): number {
    const requests = this.requests;
    return this.hopResponse[requests.classIndex[request]!]![requests.stage[request]!]!;
  }

  /** Every server by global id (to free the slots a request holds). */
  private servers: Server[] = [];

  /**
   * Calls that fan out, consequence requests and routing keys (fan-out.ts,
   * consequences.ts, route-keys.ts): undefined unless a class uses them, so
   * other scenarios pay one compare per hop.
   */
  private fanOut: FanOut | undefined;
  private consequences: Consequences | undefined;
  private keys: { draws: Array<KeyDraw | undefined>; rng: RandomStream } | undefined;

  attachExtras(extras: { fanOut?: FanOut; consequences?: Consequences; keys?: { draws: Array<KeyDraw | undefined>; rng: RandomStream } }): void {
    this.fanOut = extras.fanOut;
    this.consequences = extras.consequences;
    this.keys = extras.keys;
  }

  /** No calls that fan out, consequences, routing keys or access links: what the fused path needs of the flow (plain-path.ts). */
  isPlain(): boolean {
    return this.fanOut === undefined && this.consequences === undefined && this.keys === undefined && !this.hasAccess;
  }

  /** The consequence requests' meters (since-origin latency, emitted counts), if any class emits. */
  get consequenceMeters(): Consequences | undefined {
    return this.consequences;
  }

  /** Closed populations and batches waiting for their requests' outcomes (requests.owner indexes it). */
  private owners: RequestOwner[] = [];

  /** Register a closed source; its requests carry the returned index in requests.owner. */
  addOwner(owner: RequestOwner): number {
    this.owners.push(owner);
    return this.owners.length - 1;
  }

  /**
   * Tell the request's owner, if any, that its client has the outcome. One
   * typed-array read per request for open traffic: the only per-request
   * cost closed populations add (they need to know when to think again).
   */
  private settleOwner(request: number, ok: boolean): void {
    const owner = this.requests.owner[request]!;
    if (owner >= 0) this.owners[owner]!.settled(request, ok);
  }

  /** Wire the tiers once they are built (they need the flow themselves). */
  connect(tiers: Tier[], servers: Server[]): void {
    this.tiers = tiers;
    this.servers = servers;
  }

  continues(request: number): boolean {
    const requests = this.requests;
    return requests.stage[request]! + 1 < this.paths[requests.classIndex[request]!]!.length;
  }

  /** Free, innermost first, the slots the request holds upstream. */
  private releaseHolds(request: number): void {
    this.releaseHoldsAbove(request, 0);
  }

  /** Free, innermost first, the slots the request holds above depth `base`. */
  releaseHoldsAbove(request: number, base: number): void {
    const requests = this.requests;
    let d = requests.holdDepth[request]!;
    if (d <= base) return;
    const holds = requests.holds;
    while (d > base) {
      d--;
      const at = (request * MAX_HOLDS + d) * 2;
      this.servers[holds[at]!]!.releaseHeld(request, holds[at + 1]!);
    }
    requests.holdDepth[request] = base;
  }

  abandon(request: number, reason: number): void {
    // The client sees the failure now; the request runs on downstream, an orphan.
    const requests = this.requests;
    if (this.fanOut !== undefined && this.fanOut.parentOf[request]! >= 0) this.fanOut.callLost(request, reason);
    if (requests.orphan[request] === 1) return;
    this.cancelTimer(request);
    requests.setOrphan(request);
    this.settleFailure(request, reason);
  }

  /** A new request (or a retry) enters its first tier. */
  start(request: number): void {
    const cls = this.requests.classIndex[request]!;
    const timeout = this.client.timeoutSeconds[cls]!;
    if (timeout !== Infinity) this.requests.setTimer(request, this.ctx.startTimer(timeout, TIMEOUT, request));
    const path = this.paths[cls]!;
    if (this.fanOut !== undefined || this.keys !== undefined) this.startExtras(request, cls);
    if (path.length === 0) this.finish(request);
    else if (this.fanOut !== undefined && this.fanOut.stageOf[cls] === 0) this.fanOut.begin(request, 0);
    else this.toTier(request, path[0]!);
  }

  /** No calls pending; a first attempt draws its routing key (a retry kept its own). */
  private startExtras(request: number, cls: number): void {
    this.fanOut?.reset(request);
    const draw = this.keys?.draws[cls];
    if (draw !== undefined && this.requests.attempt[request] === 1) this.requests.routeKey[request] = draw.sample(this.keys!.rng);
  }

  callStage(request: number, stage: number): void {
    this.requests.stage[request] = stage;
    this.toTier(request, this.paths[this.requests.classIndex[request]!]![stage]!);
  }

  callsDone(request: number): void {
    this.finish(request);
  }

  /** Start a consequence request now, by an event of its own (never inside the tier that emitted it). */
  launch(request: number): void {
    this.ctx.schedule(0, RETRY, request);
  }

  advance(request: number, last: boolean): void {
    const requests = this.requests;
    const path = this.paths[requests.classIndex[request]!]!;
    const next = requests.stage[request]! + 1;
    if (this.consequences !== undefined) this.consequences.leftTier(request, path[next - 1]!, this.ctx.now);
    if (this.fanOut !== undefined) {
      this.advanceWithCalls(request, last, next, path);
      return;
    }
    if (!last && next < path.length) {
      requests.stage[request] = next;
      this.toTier(request, path[next]!);
    } else {
      this.finish(request);
    }
  }

  /** `advance` when some class fans out: into the calls at the fan-out stage; at the path's end, the next call in sequence if any. */
  private advanceWithCalls(request: number, last: boolean, next: number, path: Int32Array): void {
    const fan = this.fanOut!;
    const requests = this.requests;
    if (!last && next < path.length) {
      if (fan.stageOf[requests.classIndex[request]!] === next) fan.begin(request, next);
      else {
        requests.stage[request] = next;
        this.toTier(request, path[next]!);
      }
    } else if (!fan.again(request)) this.finish(request);
  }

  fail(request: number, reason: number, keepId: boolean): void {
    const requests = this.requests;
    if (this.fanOut !== undefined && this.fanOut.parentOf[request]! >= 0) {
      this.fanOut.callFailed(request, reason, keepId); // a parallel call: its caller fails
      return;
    }
    // An orphan's outcome was settled when its client gave up.
    if (requests.orphan[request] === 0) {
      this.cancelTimer(request);
      this.settleFailure(request, reason);
    }
    this.consequences?.clear(request);
    this.releaseHolds(request);
    if (keepId) requests.setZombie(request);
    else requests.release(request);
  }

  /** A failed attempt: retry it if the client still may, else count the failure. */
  private settleFailure(request: number, reason: number): void {
    const requests = this.requests;
    const cls = requests.classIndex[request]!;
    if (requests.attempt[request]! <= this.client.retries[cls]!) {
      const retry = requests.create(this.ctx.now, cls);
      requests.arrivalSeconds[retry] = requests.arrivalSeconds[request]!; // latency counts from the first attempt
      requests.clientKey[retry] = requests.clientKey[request]!;
      requests.routeKey[retry] = requests.routeKey[request]!;
      this.consequences?.inherit(request, retry);
      requests.setAttempt(retry, requests.attempt[request]! + 1);
      requests.setOwner(retry, requests.owner[request]!, requests.ownerSlot[request]!);
      this.ctx.schedule(this.client.retryAfterSeconds[cls]!, RETRY, retry);
      return;
    }
    this.outcomes.failed(requests.arrivalSeconds[request]!, cls, reason, requests.entrySite[request]!);
    this.settleOwner(request, false);
  }

  private cancelTimer(request: number): void {
    const t = this.requests.timer[request]!;
    if (t >= 0) {
      this.ctx.cancel(t);
      this.requests.timer[request] = -1;
    }
  }

  forget(request: number): void {
    this.releaseHolds(request);
    this.requests.release(request);
  }

  handle(kind: number, request: number): void {
    if (kind === ARRIVE_AT_SERVER) {
      // The request crossed a link.
      this.tiers[this.targetTier[request]!]!.enter(request, this.targetServer[request]!);
    } else if (kind === TIMEOUT) {
      // The client gives up; the request stays in the servers as an orphan.
      const requests = this.requests;
      requests.timer[request] = -1;
      requests.setOrphan(request);
      this.settleFailure(request, FailureReason.timeout);
    } else if (kind === RETRY) {
      this.start(request);
    } else if (kind === CLIENT_IN) {
      this.tiers[this.targetTier[request]!]!.enter(request, this.targetServer[request]!);
    } else if (kind === UNREACHABLE) {
      this.fail(request, FailureReason.unreachable, false);
    } else {
      this.finish(request); // RETURN: the response crossed a link on its way back
    }
  }

  /**
   * A transfer over a fair-shared pipe is through: across a link, the
   * retransmissions and propagation latency follow; from a client, the
   * request reaches its server; to a client, the response is delivered.
   */
  transferred(pipe: FairShare, request: number, aux: number): void {
    if (aux === CLIENT_IN) this.handle(CLIENT_IN, request);
    else if (aux === CLIENT_OUT) this.deliver(request);
    else {
      const ctx = this.ctx;
      ctx.delaySeconds = (pipe.owner as Link).afterTransfer(this.linkRng);
      ctx.scheduleAfterDelay(aux, request);
    }
  }

  private toTier(request: number, tierIndex: number): void {
    const tier = this.tiers[tierIndex]!;
    const choice = tier.choose(request);
    if (choice < 0) {
      if (choice !== CHOICE_TAKEN) this.fail(request, -1 - choice, false);
      return;
    }
    const from = this.requests.site[request]!;
    // `=== true`: a pointer compare (see EventQueue.push); only scenarios with access links take this branch.
    if (from < 0 && this.hasAccess === true && this.fromClient(request, tierIndex, choice)) return;
    if (from < 0 || from === tier.servers[choice]!.spec.siteIndex) tier.enter(request, choice);
    else this.cross(request, tierIndex, choice, from);
  }

  dispatch(request: number, tierIndex: number, choice: number): void {
    const tier = this.tiers[tierIndex]!;
    const from = this.requests.site[request]!;
    if (from < 0 || from === tier.servers[choice]!.spec.siteIndex) tier.enter(request, choice);
    else this.cross(request, tierIndex, choice, from);
  }

  hang(request: number, seconds: number): void {
    this.ctx.schedule(seconds, UNREACHABLE, request);
  }

  /** To another site: over the link if one is declared (kept apart so `toTier` stays small enough to inline). */
  private cross(request: number, tierIndex: number, choice: number, from: number): void {
    const tier = this.tiers[tierIndex]!;
    const to = tier.servers[choice]!.spec.siteIndex;
    const link = this.links.pick(from, to);
    if (link === undefined) {
      // No link declared between the sites: they talk over the Internet, not modelled: no delay.
      tier.enter(request, choice);
      return;
    }
    if (link.partitioned) {
      // The host is unreachable: the connect attempt hangs (holding any upstream slots) until it times out; HAProxy may retry it.
      if (tier.proxy !== undefined) tier.proxy.vanished(request, choice);
      else this.ctx.schedule(link.connectTimeoutSeconds, UNREACHABLE, request);
      return;
    }
    const requests = this.requests;
    const bytes = this.requestBytes[requests.classIndex[request]!]![requests.stage[request]!]!;
    if (request >= this.targetTier.length) this.grow(request);
    this.targetTier[request] = tierIndex;
    this.targetServer[request] = choice;
    if (link.pipeAB !== undefined) {
      link.pipeFrom(from).start(request, bytes, ARRIVE_AT_SERVER);
      return;
    }
    const arrival = link.send(from, this.ctx.now, bytes, this.linkRng);
    this.ctx.scheduleAt(arrival, ARRIVE_AT_SERVER, request);
  }

  /** From the client through the site's access link, if it has one (answers whether the request is on its way). */
  private fromClient(request: number, tierIndex: number, choice: number): boolean {
    const pipe = this.accessIn[this.tiers[tierIndex]!.servers[choice]!.spec.siteIndex];
    if (pipe === undefined) return false;
    const requests = this.requests;
    if (request >= this.targetTier.length) this.grow(request);
    this.targetTier[request] = tierIndex;
    this.targetServer[request] = choice;
    pipe.start(request, this.requestBytes[requests.classIndex[request]!]![requests.stage[request]!]!, CLIENT_IN);
    return true;
  }

  /** The response to the client through its entry site's access link, if it has one (answers whether it is on its way). */
  private toClient(request: number): boolean {
    const requests = this.requests;
    const entry = requests.entrySite[request]!;
    const pipe = entry < 0 ? undefined : this.accessOut[entry];
    if (pipe === undefined) return false;
    pipe.start(request, this.responseBytes[requests.classIndex[request]!]!, CLIENT_OUT);
    return true;
  }

  private finish(request: number): void {
    const requests = this.requests;
    if (this.fanOut !== undefined && this.fanOut.parentOf[request]! >= 0) {
      this.fanOut.callSucceeded(request); // a parallel call: back to its caller
      return;
    }
    // With nested calls the response goes back through the servers that hold
    // the request, crossing links on the way: the client gets it afterwards.
    if (requests.holdDepth[request]! > 0 && requests.orphan[request] === 0 && this.returnHop(request)) return;
    if (this.hasAccess === true && requests.orphan[request] === 0 && this.toClient(request)) return;
    this.deliver(request);
  }

  /** The client has the response (or gave up already): count the success, free the request. */
  private deliver(request: number): void {
    const requests = this.requests;
    if (requests.orphan[request] === 0) {
      if (requests.timer[request]! >= 0) this.cancelTimer(request);
      const arrival = requests.arrivalSeconds[request]!;
      // Doubles through fields, not arguments: never boxed (see Outcomes.pendingArrivalSeconds).
      const outcomes = this.outcomes;
      outcomes.pendingArrivalSeconds = arrival;
      outcomes.pendingLatencyMs = (this.ctx.now - arrival) * 1000;
      outcomes.succeededPending(requests.classIndex[request]!, requests.entrySite[request]!);
      if (this.consequences !== undefined) this.consequences.succeeded(request, this.ctx.now);
      this.settleOwner(request, true);
    }
    this.consequences?.clear(request);
    this.releaseHolds(request);
    requests.release(request);
  }

  /**
   * Free held slots innermost first while they are in the response's site;
   * at the first one across a link, send the response over it, schedule its
   * arrival and answer true (the walk resumes then).
   */
  private returnHop(request: number): boolean {
    const requests = this.requests;
    const holds = requests.holds;
    let d = requests.holdDepth[request]!;
    while (d > 0) {
      const at = (request * MAX_HOLDS + d - 1) * 2;
      const server = this.servers[holds[at]!]!;
      const from = requests.site[request]!;
      const to = server.spec.siteIndex;
      if (from !== to) {
        const link = this.links.pick(from, to);
        requests.site[request] = to;
        if (link !== undefined) {
          if (link.partitioned) {
            // The response cannot get back: the upstream server waits, then gives up.
            this.ctx.schedule(link.connectTimeoutSeconds, UNREACHABLE, request);
            return true;
          }
          const bytes = this.responseBytes[requests.classIndex[request]!]!;
          if (link.pipeAB !== undefined) link.pipeFrom(from).start(request, bytes, RETURN);
          else this.ctx.scheduleAt(link.send(from, this.ctx.now, bytes, this.linkRng), RETURN, request);
          return true;
        }
      }
      server.releaseHeld(request, holds[at + 1]!);
      d--;
      requests.holdDepth[request] = d;
    }
    return false;
  }

  private grow(atLeast: number): void {
    let cap = this.targetTier.length;
    while (cap <= atLeast) cap *= 2;
    const t = new Int32Array(cap);
    t.set(this.targetTier);
    this.targetTier = t;
    const s = new Int32Array(cap);
    s.set(this.targetServer);
    this.targetServer = s;
  }
}
