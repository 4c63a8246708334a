import type { Clock } from '../../engine/clock.js';
import type { RandomStream } from '../../rng/stream.js';
import type { LatencyHistogram } from '../../stats/latency-histogram.js';
import type { Balancer } from '../balancers/balancer.js';
import { SERVED_ABORTED, SERVED_CONTINUE, type DataRole } from './data-role.js';
import { choiceFailure, FailureReason } from '../request/failure-reason.js';
import type { RequestTable } from '../request/request-table.js';
import { LOST_HELD, LOST_IN_SERVICE, LOST_STALE_EVENT, type Server, type ServerOwner } from './server.js';
import type { ResolvedCache } from '../../scenario/resolved.js';
import { DEFAULT_TIMEOUT_CONNECT_SECONDS } from '../../scenario/resolve-haproxy.js';
import type { HaproxyBackend } from './haproxy-backend.js';

/** Where a tier sends a request next, and where it reports failures. */
export interface Flow {
  /** The request left its tier successfully (`last`: a cache answered, the path ends here). */
  advance(request: number, last: boolean): void;
  /** The request failed with a FailureReason index; `keepId` while an event still names it. */
  fail(request: number, reason: number, keepId: boolean): void;
  /** A request that had already failed is no longer named by any event. */
  forget(request: number): void;
  /** Does the request's path go on after its current tier? */
  continues(request: number): boolean;
  /** A server holding the request's slot died while the request was further down. */
  abandon(request: number, reason: number): void;
  /** Bytes the request's current hop sends back (its class's size, or the hop's own). */
  hopResponseBytes(request: number): number;
  /** Send the request to server `server` of tier `tierIndex` (after a wait in a backend queue, or a retry). */
  dispatch(request: number, tierIndex: number, server: number): void;
  /** The connect hangs (a vanished server): the request fails `unreachable` after `seconds`. */
  hang(request: number, seconds: number): void;
}

/**
 * A tier: a set of servers behind one balancing policy (the web tier, the
 * HAProxy pair, the MySQL servers), optionally a cache and a database role.
 * Measures its own latency (queueing + service) per request.
 */
export class Tier implements ServerOwner {
  readonly servers: Server[] = [];
  /** Per-tier latency [ms] (queueing + service), requests that arrived after warm-up. */
  latencyMs: LatencyHistogram;
  private measureFrom = 0;
  /** Cache: per class, the hit ratio when warm, and the service time of a hit. */
  private readonly cache: ResolvedCache | undefined;
  private readonly cacheRng: RandomStream;
  /** Data role (routing, replication, quorum), if any: a database of `../data/`, seen through its interface. */
  database: DataRole | undefined;
  /** Servers keep a request's slot while the rest of its path runs (nested calls). */
  hold = false;
  /** The balancer routes by the request's key (`by-key`), not by its client. */
  byRouteKey = false;
  /** Whether the balancer in front of the tier is working (incidents may stop it). */
  balancerUp = true;
  balancerRedundancy: { kind: 'single' | 'pair' | 'fault-tolerant'; takeoverSeconds: number } = { kind: 'single', takeoverSeconds: 0 };
  /** HAProxy in front (maxconn + backend queue, retries, redispatch), if the tier has an `haproxy` block. */
  proxy: HaproxyBackend | undefined = undefined;
  /** How long a connect to a vanished server hangs before it fails, without `proxy` [s]. */
  timeoutConnectSeconds = DEFAULT_TIMEOUT_CONNECT_SECONDS;

  constructor(
    readonly name: string,
    readonly index: number,
    readonly balancer: Balancer,
    private readonly requests: RequestTable,
    private readonly flow: Flow,
    latencyMs: LatencyHistogram,
    private readonly clock: Clock,
    cache: ResolvedCache | undefined,
    cacheRng: RandomStream,
  ) {
    this.latencyMs = latencyMs;
    this.cache = cache;
    this.cacheRng = cacheRng;
  }

  /**
   * The tier's latency is the end-to-end latency, value for value (the
   * fused path's one-tier case, flow/plain-path.ts): the tier reads the
   * end-to-end histogram `h` rather than recording the same values twice.
   */
  shareLatency(h: LatencyHistogram): void {
    this.latencyMs = h;
  }

  /** No cache, database, HAProxy or holds: what the fused path needs of a tier (flow/plain-path.ts). */
  isPlain(): boolean {
    return this.cache === undefined && this.database === undefined && this.proxy === undefined && !this.hold;
  }

  /** Only requests that entered the system at or after this time [s] are measured. */
  setMeasureFrom(seconds: number): void {
    this.measureFrom = seconds;
  }

  /**
   * The server (index in this tier) the request should go to, or
   * `choiceFailure(reason)` when there is none.
   */
  choose(request: number): number {
    // `=== false`/`=== true` on hot booleans: one pointer compare, not a ToBoolean (see EventQueue.push).
    if (this.balancerUp === false) return choiceFailure(FailureReason.noBackend);
    if (this.database !== undefined) return this.database.choose(request);
    // A by-key tier routes by the request's own key, the others by its client.
    const key = this.byRouteKey === true ? this.requests.routeKey[request]! : this.requests.clientKey[request]!;
    // HAProxy: maxconn and the backend queue pick (or hold) the request themselves.
    if (this.proxy !== undefined) return this.proxy.admit(request, key);
    const i = this.balancer.pick(this.servers, key);
    return i >= 0 ? i : choiceFailure(FailureReason.noBackend);
  }

  /** Server `i`'s relative share of the tier's traffic while it is up (its weight under weighted round-robin, else 1). */
  routingWeight(i: number): number {
    return this.balancer.weightOf ? this.balancer.weightOf(i) : 1;
  }

  /** The request reaches server `i` of this tier (after any network crossing). */
  enter(request: number, i: number): void {
    const requests = this.requests;
    const server = this.servers[i]!;
    requests.stageStartSeconds[request] = this.clock.now;
    const site = server.spec.siteIndex;
    requests.site[request] = site;
    if (requests.entrySite[request] === -1) requests.entrySite[request] = site;
    // Why a separate method for dead servers, caches and databases: it keeps
    // this one small enough for V8 to inline into the event loop (measured on
    // sofoot: the all-in-one version ran about 20% slower).
    if (server.alive === false || this.cache !== undefined || this.database !== undefined) {
      this.enterSpecial(request, server);
      return;
    }
    if (!server.arrive(request)) this.flow.fail(request, FailureReason.rejected, false);
  }

  private enterSpecial(request: number, server: Server): void {
    const requests = this.requests;
    if (!server.alive) {
      // Dead but still believed up: the connection is refused, or hangs if the server vanished (no RST); HAProxy may retry.
      const proxy = this.proxy;
      const vanished = server.vanishCauses > 0;
      if (proxy !== undefined) {
        if (vanished) proxy.vanished(request, server.index);
        else proxy.refused(request, server.index);
      } else if (vanished) this.flow.hang(request, this.timeoutConnectSeconds);
      else this.flow.fail(request, FailureReason.refused, false);
      return;
    }
    let forced = -1;
    let hit = 0;
    const cache = this.cache;
    if (cache !== undefined) {
      const cls = requests.classIndex[request]!;
      let ratio = cache.hitRatioByClass[cls]!;
      // A cold cache (after a restart) warms linearly over `warmupSeconds`.
      if (ratio > 0 && cache.warmupSeconds > 0) ratio *= Math.min(1, (this.clock.now - server.upSinceSeconds) / cache.warmupSeconds);
      if (ratio > 0 && this.cacheRng.next() < ratio) {
        hit = 1;
        forced = cache.hitServiceByClass[cls]!.sample(this.cacheRng) / server.spec.speed;
      }
    }
    if (this.database !== undefined && hit === 0) {
      // An object-storage PUT is written to its replicas, not served here.
      if (this.database.takes(request, server)) return;
      forced = this.database.serviceSeconds(request, server);
    }
    // Both fields are reset to their defaults (−1, 0) by whoever reads them,
    // so the common path above never writes them.
    requests.serviceSeconds[request] = forced;
    requests.cacheHit[request] = hit;
    if (!server.arrive(request)) {
      requests.serviceSeconds[request] = -1;
      requests.cacheHit[request] = 0;
      this.database?.forgetAbort(request);
      this.flow.fail(request, FailureReason.rejected, false);
    }
  }

  served(serverIndex: number, request: number): void {
    const requests = this.requests;
    // The database first: an object store's replica writes and jobs end there; an aborted Galera commit fails.
    if (this.database !== undefined) {
      const d = this.database.served(request, this.servers[serverIndex]!);
      if (d !== SERVED_CONTINUE) {
        if (d === SERVED_ABORTED) this.flow.fail(request, FailureReason.conflict, false);
        return;
      }
    }
    if (requests.arrivalSeconds[request]! >= this.measureFrom) {
      // The value in a field, not an argument: never boxed (see LatencyHistogram.pendingMs).
      const h = this.latencyMs;
      h.pendingMs = (this.clock.now - requests.stageStartSeconds[request]!) * 1000;
      h.recordPending();
    }
    const hit = requests.cacheHit[request] === 1;
    if (hit) requests.cacheHit[request] = 0;
    this.flow.advance(request, hit);
  }

  responseBytes(request: number): number {
    return this.flow.hopResponseBytes(request);
  }

  holds(request: number): boolean {
    return this.hold === true && this.requests.cacheHit[request] === 0 && this.flow.continues(request);
  }

  /** Object storage: the PUT reached its write quorum and leaves the tier. */
  stored(request: number): void {
    const requests = this.requests;
    if (requests.arrivalSeconds[request]! >= this.measureFrom) {
      this.latencyMs.record((this.clock.now - requests.stageStartSeconds[request]!) * 1000);
    }
    this.flow.advance(request, false);
  }

  /** Object storage: the PUT cannot reach its quorum. */
  storeFailed(request: number, reason: number): void {
    this.flow.fail(request, reason, false);
  }

  lost(_serverIndex: number, request: number, how: number): void {
    if (this.database !== undefined && this.database.lostByStore(request, how)) return;
    if (how === LOST_HELD) {
      this.flow.abandon(request, FailureReason.died);
      return;
    }
    // Leave the per-stage fields at their defaults for the id's next user.
    this.requests.serviceSeconds[request] = -1;
    this.requests.cacheHit[request] = 0;
    if (how === LOST_STALE_EVENT) this.flow.forget(request);
    else this.flow.fail(request, FailureReason.died, how === LOST_IN_SERVICE);
  }
}
