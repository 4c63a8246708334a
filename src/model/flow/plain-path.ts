import type { Clock } from '../../engine/clock.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { LatencyHistogram } from '../../stats/latency-histogram.js';
import { FailureReason } from '../request/failure-reason.js';
import type { Outcomes } from '../request/outcomes.js';
import type { RequestTable } from '../request/request-table.js';
import { Server, type PlainTail } from '../stations/server.js';
import type { Tier } from '../stations/tier.js';
import type { RequestFlow } from './request-flow.js';

/** Where a source hands a new request: the flow, or the fused path when the model allows it. */
export interface RequestEntry {
  start(request: number): void;
}

/**
 * The fused path of a model in which every class visits one plain station:
 * a tier without cache, database, HAProxy or holds, whose servers are FIFO
 * (`Server` itself), never die and have no network card, with no client
 * timeouts, no calls that fan out, no consequences, no routing keys, no
 * access links and no closed population or batch.
 *
 * Why: on such a path the general one (source → flow → tier → server →
 * tier → flow → outcomes) spends most of its instructions asking about
 * features nobody uses. Picked once, when the model is built
 * (`fusePlainPath`), it does the same work with the same arithmetic in the
 * same order: a new request goes from the source to its server, a served
 * one from its server to the outcomes. Every random draw, every event and
 * every recorded value is the general path's, so the summary is
 * byte-identical (test/plain-path.test.ts runs both).
 *
 * A retry (after a rejection) and a failure still take the general path:
 * they are rare, and the general path hands the retry to the same servers,
 * whose completions come back here.
 *
 * When every class visits the same tier and nobody retries, the tier's own
 * latency is the end-to-end latency, value for value: the tier then shares
 * the end-to-end histogram (`Tier.shareLatency`) instead of recording the
 * same numbers a second time.
 */
export class PlainPath implements RequestEntry, PlainTail {
  /** By class: its only tier. */
  private readonly tierOfClass: Tier[];
  /** By global server id: the latency histogram of the server's tier, undefined when it is the end-to-end one. */
  private readonly tierLatency: Array<LatencyHistogram | undefined>;
  private readonly measureFromSeconds: number;
  /** Whether the tiers record their own latency (false: the tier shares the end-to-end histogram, see `Tier.shareLatency`). */
  private readonly tierTimed: boolean;

  constructor(
    private readonly requests: RequestTable,
    private readonly outcomes: Outcomes,
    private readonly flow: RequestFlow,
    private readonly clock: Clock,
    tierOfClass: Tier[],
    tierLatency: Array<LatencyHistogram | undefined>,
  ) {
    this.tierOfClass = tierOfClass;
    this.tierLatency = tierLatency;
    this.tierTimed = tierLatency.some((h) => h !== undefined);
    this.measureFromSeconds = outcomes.measureFromSeconds;
  }

  /**
   * A new request: `RequestFlow.start` → `toTier` → `Tier.enter` without the
   * questions. Two writes of `Tier.enter` are left out where nobody reads
   * them: the stage's start time when the tier shares the end-to-end
   * histogram (`tierTimed` false), and the request's site and entry site
   * unless it fails here (a rejection: the failure is counted by entry site
   * and a retry starts from the site); a served request's entry site is its
   * server's (`served`). Measured (valgrind, bash
   * bench/mmc-instructions.sh): M/M/8 1,838 → 1,781 instructions per
   * request, the rejection in a method of its own (`rejected`) included:
   * with the writes in an inline branch instead, V8's code came out at
   * 1,973.
   */
  start(request: number): void {
    const requests = this.requests;
    const tier = this.tierOfClass[requests.classIndex[request]!]!;
    const choice = tier.choose(request);
    if (choice < 0) {
      this.flow.fail(request, -1 - choice, false);
      return;
    }
    const server = tier.servers[choice]!;
    if (this.tierTimed === true) requests.stageStartSeconds[request] = this.clock.now; // as Tier.enter
    if (!server.arrive(request)) this.rejected(request, server);
  }

  /** The server's queue is full: the request fails there (counted by entry site; a retry starts from the site). */
  private rejected(request: number, server: Server): void {
    const site = server.spec.siteIndex;
    this.requests.site[request] = site;
    this.requests.entrySite[request] = site;
    this.flow.fail(request, FailureReason.rejected, false);
  }

  /** The service is over: `Tier.served` → `RequestFlow.advance` → `deliver` without the questions. */
  served(server: Server, request: number): void {
    const requests = this.requests;
    const now = this.clock.now;
    const arrival = requests.arrivalSeconds[request]!;
    if (arrival >= this.measureFromSeconds) {
      if (this.tierTimed === true) {
        const h = this.tierLatency[server.globalId]!;
        // Values in fields, not arguments: never boxed (see LatencyHistogram.pendingMs).
        h.pendingMs = (now - requests.stageStartSeconds[request]!) * 1000;
        h.recordPending();
      }
      const outcomes = this.outcomes;
      outcomes.pendingArrivalSeconds = arrival;
      outcomes.pendingLatencyMs = (now - arrival) * 1000;
      outcomes.succeededPending(requests.classIndex[request]!, server.spec.siteIndex);
    }
    requests.release(request);
  }
}

/** What `fusePlainPath` looks at besides the scenario. */
export interface PlainPathParts {
  requests: RequestTable;
  outcomes: Outcomes;
  flow: RequestFlow;
  clock: Clock;
  tiers: Tier[];
  allServers: Server[];
}

/**
 * Once the model is built (servers marked mortal, cards and backend queues
 * attached): the fused path if the model is plain (see PlainPath), wired
 * into every server of the classes' tiers; undefined otherwise, and then
 * nothing changes.
 */
export function fusePlainPath(scenario: ResolvedScenario, parts: PlainPathParts): PlainPath | undefined {
  if (!isPlain(scenario, parts)) return undefined;
  const { tiers, allServers } = parts;
  const tierOfClass = scenario.classes.map((c) => tiers[c.path[0]!]!);
  const visited = new Set(tierOfClass);
  const shared = visited.size === 1 && scenario.classes.every((c) => c.retries === 0);
  if (shared) tierOfClass[0]!.shareLatency(parts.outcomes.latencyMs);
  const tierLatency = allServers.map(() => undefined as LatencyHistogram | undefined);
  for (const tier of visited) for (const s of tier.servers) tierLatency[s.globalId] = shared ? undefined : tier.latencyMs;
  const path = new PlainPath(parts.requests, parts.outcomes, parts.flow, parts.clock, tierOfClass, tierLatency);
  for (const tier of visited) for (const s of tier.servers) s.plainTail = path;
  return path;
}

function isPlain(scenario: ResolvedScenario, parts: PlainPathParts): boolean {
  if (scenario.populations?.length || scenario.batches?.length || scenario.siteAccessBps) return false;
  if (!parts.flow.isPlain()) return false;
  for (const c of scenario.classes) {
    if (c.path.length !== 1 || c.timeoutSeconds !== Infinity || c.calls || c.emits || c.key) return false;
  }
  for (const ti of new Set(scenario.classes.map((c) => c.path[0]!))) {
    const tier = parts.tiers[ti]!;
    if (!tier.isPlain()) return false;
    // `Server` itself: processor sharing and shared cores have completions of their own.
    for (const s of tier.servers) if (s.constructor !== Server || !s.isPlain()) return false;
  }
  return true;
}
