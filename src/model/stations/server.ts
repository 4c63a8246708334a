import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { RandomStream } from '../../rng/stream.js';
import type { CardPort } from './card-port.js';
import { MAX_HOLDS, type RequestTable } from '../request/request-table.js';
import { NO_WATCH, type StateWatch } from './state-watch.js';

/** Who learns what happens to a server's requests (its tier). */
export interface ServerOwner {
  served(serverIndex: number, request: number): void;
  /** Whether the server keeps the request's slot while the rest of its path runs (a nested call). */
  holds(request: number): boolean;
  /**
   * The server lost this request: it died with the request waiting
   * (LOST_QUEUED) or in service (LOST_IN_SERVICE: its completion event is
   * still pending), or that stale completion event has now arrived
   * (LOST_STALE_EVENT).
   */
  lost(serverIndex: number, request: number, how: number): void;
  /** Bytes of the response the server sends for this request (its hop's responseSize): what its network card carries. */
  responseBytes(request: number): number;
}

export interface ServerSpec {
  /** Unique component name, e.g. "web/eg-1". */
  name: string;
  /** Site (datacenter) the server lives in, e.g. "RBX". */
  site: string;
  /** Worker slots serving at once (PHP-FPM max_children, Tomcat threads) [requests]. */
  slots: number;
  /** Waiting room beyond the slots; a request arriving when it is full is rejected [requests]. Infinity = unbounded. */
  queueLimit: number;
  /** Speed factor: service times are divided by it (1 = the reference machine). */
  speed: number;
  /** Index of the site. */
  siteIndex: number;
  /** LB weight (weighted round-robin). */
  weight: number;
}

/** Who a plain server tells that a request's service is over, instead of its tier (see `Server.plainTail`, flow/plain-path.ts). */
export interface PlainTail {
  served(server: Server, request: number): void;
}

/** Who hears that a slot of the server became free (see `Server.slotWatch`). */
export interface SlotWatch {
  freed(serverIndex: number): void;
}

const DONE = 0;

export const LOST_QUEUED = 0;
export const LOST_IN_SERVICE = 1;
export const LOST_STALE_EVENT = 2;
/** The server died while holding the request's slot; the request is further down its path. */
export const LOST_HELD = 3;
/** `aux` of a card transfer whose worker slot waits for it (holdsWorkerDuringTransfer); otherwise `aux` is the server's epoch. */
const SLOT_HELD = -1;

/**
 * A server: `slots` workers in front of a FIFO queue with a limit (an
 * M/G/c/K station). Service time = the request class's distribution ÷ speed,
 * drawn from the server's own random stream (or a time the tier sets for
 * the request: a cache hit, a Galera commit).
 *
 * Keeps time-integrals of busy workers and queue length so utilisation and
 * mean queue length are exact time-averages, not samples.
 *
 * It can die (`die`): the requests inside are lost, and the completion
 * events already scheduled for them become stale — those requests stay
 * reserved as zombies until their event arrives (see `Tier.lost`), so an
 * id is never reused while an old event still names it.
 */
export class Server implements Component {
  readonly spec: ServerSpec;
  /** Index within its tier. */
  readonly index: number;
  /** Index among all servers of the model. */
  readonly globalId: number;
  protected readonly ctx: SimContext;
  /** By class index; undefined for classes that never come here (the resolver guarantees it). */
  protected readonly serviceByClass: ReadonlyArray<Distribution | undefined>;
  protected readonly requests: RequestTable;
  protected readonly owner: ServerOwner;
  protected readonly invSpeed: number;

  /** Slots taken: requests in service, and those holding their slot while the rest of their path runs. */
  busy = 0;
  /** Ids of the requests in its slots (in service or held), in positions [0, busy); their positions in `posOf`. Mortal servers only. */
  private inService: Int32Array;
  private posOf = new Int32Array(0);
  /** The truth: is the server running? (Health checks find out with a delay.) */
  alive = true;
  /**
   * Whether anything can make it die (an incident names it or its site). Only
   * then does it track the requests in service, which `die` must find.
   */
  mortal = false;
  /** Incremented at each death: holds taken before it are void. */
  epoch = 0;
  /** When it last came up [s] (a cold cache warms from then). */
  upSinceSeconds = 0;
  /** Told when the server dies or comes back (the availability meter). */
  watch: StateWatch = NO_WATCH;
  /**
   * Told each time a request leaves one of its slots (the tier's HAProxy
   * backend queue hands that connection to its oldest waiting request);
   * undefined without one, so other tiers pay one compare per completion.
   */
  slotWatch: SlotWatch | undefined = undefined;
  /**
   * Causes that made the server vanish (a host crash or a network loss, no
   * RST): while it is dead for one of them, connections to it hang until
   * the connect timeout instead of being refused at once.
   */
  vanishCauses = 0;
  /**
   * Causes holding the server down at once (its own failure, its host, its
   * site, a scheduled incident): it runs again when the last one clears.
   */
  private downCauses = 0;
  /** When it last died [s]; NaN if it never has (recovery records measure from it). */
  diedAtSeconds = NaN;
  // FIFO ring buffer of waiting request ids; grows by doubling, never shrinks.
  protected ring: Int32Array;
  protected head = 0;
  /** Requests waiting. */
  queued = 0;

  // Statistics since the last reset (the warm-up boundary).
  served = 0;
  rejected = 0;
  /**
   * ∫ busy dt and ∫ queued dt since the last reset, up to any time t after
   * the last change, are `busyOffset + busy·t` and `queueOffset + queued·t`
   * [request·s]: a slot taken at time t0 and left at t1 adds t1 − t0 (−t0
   * when taken, +t1 when left), the time it was busy; a wait likewise. Why
   * not a time-integral brought up to date (area += busy·(now − last),
   * last = now) before every change: that read and wrote five fields, at
   * every arrival and completion; a change now costs one add. Measured
   * (valgrind, instructions per request): M/M/8 on the fused path (bash
   * bench/mmc-instructions.sh) 1,898 → 1,838; sofoot (bash
   * bench/instructions-per-request.sh), with the success counters' removal
   * (Outcomes.ok), 5,943 → 5,857. Rounding: the sums differ from the
   * integrals in the last bits (each change rounds at |offset| ≈ busy·t,
   * relative 1e-16); no committed scenario's summary changed.
   */
  protected busyOffset = 0;
  protected queueOffset = 0;
  maxQueued = 0;
  protected statsStart = 0;
  // What the warm-up reset took away, so that readers over the whole run (the autoscaler) see counters that never go down.
  private busyAreaBeforeReset = 0;
  private queueAreaBeforeReset = 0;
  private servedBeforeReset = 0;
  /**
   * Time running (alive) since the last reset, closed at each death [s];
   * the open stretch runs from `runningSince`. Kept at deaths and revivals
   * only, never per request: an instance never started or powered off (or
   * a DRP server asleep) is not running, so the tier's utilisation leaves it
   * out (see `runningSeconds`).
   */
  private runningClosed = 0;
  private runningSince = 0;

  constructor(
    ctx: SimContext,
    index: number,
    globalId: number,
    spec: ServerSpec,
    serviceByClass: ReadonlyArray<Distribution | undefined>,
    requests: RequestTable,
    owner: ServerOwner,
  ) {
    this.ctx = ctx;
    this.index = index;
    this.globalId = globalId;
    this.spec = spec;
    this.serviceByClass = serviceByClass;
    this.requests = requests;
    this.owner = owner;
    this.invSpeed = 1 / spec.speed;
    // Power-of-two length so the wrap is a mask; small bounded queues stay small.
    const want = Number.isFinite(spec.queueLimit) ? Math.min(1024, Math.max(16, spec.queueLimit)) : 1024;
    this.ring = new Int32Array(2 ** Math.ceil(Math.log2(want)));
    this.inService = new Int32Array(Math.min(spec.slots, 1 << 20));
  }

  /**
   * The network card (outbound), if the scenario gives one: after its
   * service a request's response goes out through it, shared fairly with the
   * other responses in flight, before the request moves on.
   */
  nic: CardPort | undefined = undefined;
  /** The worker slot stays taken until the response is through the card. */
  holdDuringTransfer = false;

  /** Whether the balancer in front believes this server is up (health checks maintain it). */
  up = true;
  /**
   * Administrative state: false while the server is out of the pool on
   * purpose (an autoscaled instance not yet provisioned, draining or
   * powered off). Health checks never put such a server back up.
   */
  inPool = true;

  /** The server's own random stream (service times). */
  get rng(): RandomStream {
    return this.ctx.rng;
  }

  /** Requests in the server (in service + waiting): what least-connections looks at. */
  get inSystem(): number {
    return this.busy + this.queued;
  }

  /**
   * Offer a request. Returns false if the queue is full (the caller fails
   * the request); otherwise the server owns it until `served`.
   */
  arrive(request: number): boolean {
    if (this.busy < this.spec.slots) {
      this.start(request);
      return true;
    }
    if (this.queued >= this.spec.queueLimit) {
      this.rejected++;
      return false;
    }
    this.enqueue(request);
    return true;
  }

  /** Append to the FIFO waiting room (the caller checked the limit). */
  protected enqueue(request: number): void {
    if (this.queued === this.ring.length) this.growRing();
    this.ring[(this.head + this.queued) & (this.ring.length - 1)] = request;
    this.queued++;
    this.queueOffset -= this.ctx.now; // see busyOffset
    if (this.queued > this.maxQueued) this.maxQueued = this.queued;
  }

  /** Take the oldest waiting request (the caller checked there is one). */
  protected dequeue(): number {
    const next = this.ring[this.head]!;
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.queued--;
    this.queueOffset += this.ctx.now; // see busyOffset
    return next;
  }

  /**
   * The fused path (flow/plain-path.ts), set once the model is built when
   * this server is plain (`isPlain`): its completions skip the general
   * path's questions (stale event? card? hold? backend queue?) and go
   * straight to the outcomes.
   */
  plainTail: PlainTail | undefined = undefined;

  /** Nothing on this server needs the general completion: it cannot die, has no card, and no backend queue watches its slots. */
  isPlain(): boolean {
    return !this.mortal && this.nic === undefined && this.slotWatch === undefined;
  }

  handle(_kind: number, request: number): void {
    const tail = this.plainTail;
    if (tail !== undefined) {
      // `complete` → `leaveSlot` for a plain server, in the same order.
      this.served++;
      this.freeSlot();
      if (this.queued > 0) this.start(this.dequeue());
      tail.served(this, request);
      return;
    }
    // Only one event kind: DONE(request). A completion scheduled before the
    // server died is stale: its request failed then and was kept as a zombie
    // (its id reserved for this very event); the tier now releases it.
    if (this.requests.zombie[request] === 1) {
      this.owner.lost(this.index, request, LOST_STALE_EVENT);
      return;
    }
    if (this.nic !== undefined) {
      this.transmit(request);
      return;
    }
    this.complete(request);
  }

  /** The service (and any transfer the slot waits for) is over: leave the slot (or keep it as a hold), tell the tier. */
  private complete(request: number): void {
    this.served++;
    this.leaveSlot(request);
    this.owner.served(this.index, request);
  }

  /**
   * The service is over and the response goes out through the card: the slot
   * waits for it (holdDuringTransfer) or is left now. The epoch rides with
   * the transfer so that one outliving a death is known (see `transferred`).
   */
  private transmit(request: number): void {
    const bytes = this.owner.responseBytes(request);
    if (this.holdDuringTransfer) {
      this.nic!.start(request, bytes, SLOT_HELD);
      return;
    }
    this.served++;
    this.leaveSlot(request);
    this.nic!.start(request, bytes, this.epoch);
  }

  /** Out through the card (sends keep going if the server dies meanwhile; their requests fail when they end). */
  transferred(_pipe: unknown, request: number, aux: number): void {
    if (this.requests.zombie[request] === 1) {
      this.owner.lost(this.index, request, LOST_STALE_EVENT); // its slot was emptied when the server died
      return;
    }
    if (aux === SLOT_HELD) this.complete(request);
    else if (aux !== this.epoch) this.owner.lost(this.index, request, LOST_QUEUED); // no event names it any more
    else this.owner.served(this.index, request);
  }

  /** Free the slot, or keep it while the rest of the path runs (a nested call). */
  private leaveSlot(request: number): void {
    if (this.owner.holds(request)) {
      // A nested call: the slot stays taken until the request comes back (releaseHeld).
      this.recordHold(request);
    } else {
      if (this.mortal === true) this.removeFromService(request); // `=== true`: a pointer compare, not a ToBoolean (see EventQueue.push)
      else this.freeSlot();
      if (this.queued > 0) this.start(this.dequeue());
      if (this.slotWatch !== undefined) this.slotWatch.freed(this.index);
    }
  }

  /** Note on the request that it holds a slot here (this server, this epoch) while the rest of its path runs. */
  protected recordHold(request: number): void {
    const requests = this.requests;
    const d = requests.holdDepth[request]!;
    const at = (request * MAX_HOLDS + d) * 2;
    requests.holds[at] = this.globalId;
    requests.holds[at + 1] = this.epoch;
    requests.holdDepth[request] = d + 1;
  }

  /** The request that held a slot here has finished (or failed) further down: free the slot. */
  releaseHeld(request: number, epoch: number): void {
    if (epoch !== this.epoch) return; // the server died since: its slots were already emptied
    if (this.mortal === true) this.removeFromService(request);
    else this.freeSlot();
    if (this.queued > 0) this.start(this.dequeue());
    if (this.slotWatch !== undefined) this.slotWatch.freed(this.index);
  }

  /** One more cause holds the server down; the first one kills it. */
  takeDown(): void {
    if (this.downCauses++ === 0) this.die();
  }

  /** A cause clears; with none left the server starts again. */
  bringUp(): void {
    // An instance the autoscaler has powered off (or a DRP server asleep) stays off when its host or site comes back.
    if (this.downCauses > 0 && --this.downCauses === 0 && this.inPool) this.revive();
  }

  /** Whether some cause still holds the server down. */
  get heldDown(): boolean {
    return this.downCauses > 0;
  }

  /**
   * The server crashes at `nowSeconds`: everything inside is lost. Requests
   * in service keep their ids until their stale completion arrives.
   */
  die(): void {
    if (!this.alive) return;
    if (!this.mortal) throw new Error(`server ${this.spec.name} was not built to die (mark it mortal)`);
    this.alive = false;
    this.runningClosed += this.ctx.now - Math.max(this.runningSince, this.statsStart);
    this.diedAtSeconds = this.ctx.now;
    this.epoch++;
    const lostInService = Array.from(this.inService.subarray(0, this.busy));
    const lostQueued: number[] = [];
    for (let i = 0; i < this.queued; i++) lostQueued.push(this.ring[(this.head + i) & (this.ring.length - 1)]!);
    this.emptySlots();
    this.queueOffset += this.queued * this.ctx.now; // see busyOffset
    this.queued = 0;
    this.head = 0;
    for (const r of lostInService) this.owner.lost(this.index, r, this.isHeldHere(r) ? LOST_HELD : LOST_IN_SERVICE);
    for (const r of lostQueued) this.owner.lost(this.index, r, LOST_QUEUED);
    this.watch.changed();
  }

  /** Whether the request's slot here is a hold (it is further down its path), not a service. */
  private isHeldHere(request: number): boolean {
    const requests = this.requests;
    const d = requests.holdDepth[request]!;
    for (let k = 0; k < d; k++) if (requests.holds[(request * MAX_HOLDS + k) * 2] === this.globalId) return true;
    return false;
  }

  /** The server is repaired (or replaced) and starts again, empty, with a cold cache. */
  revive(): void {
    if (this.alive) return;
    this.alive = true;
    this.runningSince = this.ctx.now;
    this.upSinceSeconds = this.ctx.now;
    this.watch.changed();
  }

  /** Restart statistics at `nowSeconds` (end of warm-up). */
  resetStats(nowSeconds: number): void {
    this.busyAreaBeforeReset += this.busyIntegral(nowSeconds);
    this.queueAreaBeforeReset += this.queueIntegral(nowSeconds);
    this.servedBeforeReset += this.served;
    this.served = 0;
    this.rejected = 0;
    // ∫ from nowSeconds on: busy·t − busy·nowSeconds.
    this.busyOffset = -this.busy * nowSeconds;
    this.queueOffset = -this.queued * nowSeconds;
    this.maxQueued = this.queued;
    this.statsStart = nowSeconds;
    this.runningClosed = 0;
  }

  /** Time the server was running (alive) over [last reset, now] [s]. */
  runningSeconds(nowSeconds: number): number {
    return this.runningClosed + (this.alive ? nowSeconds - Math.max(this.runningSince, this.statsStart) : 0);
  }

  /** What utilisation is a share of: worker slots (processor sharing: cores). */
  get capacityUnits(): number {
    return this.spec.slots;
  }

  /**
   * ∫ busy dt, ∫ queued dt [request·s] and requests served since the start
   * of the run up to `nowSeconds`, resets or not. Monotone, so a reader
   * taking differences over a period never sees the warm-up reset as an
   * idle period.
   */
  runBusyArea(nowSeconds: number): number {
    return this.busyAreaBeforeReset + this.busyIntegral(nowSeconds);
  }

  runQueueArea(nowSeconds: number): number {
    return this.queueAreaBeforeReset + this.queueIntegral(nowSeconds);
  }

  get runServed(): number {
    return this.servedBeforeReset + this.served;
  }

  /** Time-averaged busy workers ÷ slots over [last reset, now]. */
  utilisation(nowSeconds: number): number {
    const span = nowSeconds - this.statsStart;
    return span > 0 ? this.busyIntegral(nowSeconds) / (span * this.spec.slots) : 0;
  }

  /** Time-averaged number of waiting requests over [last reset, now]. */
  meanQueued(nowSeconds: number): number {
    const span = nowSeconds - this.statsStart;
    return span > 0 ? this.queueIntegral(nowSeconds) / span : 0;
  }

  /** ∫ busy dt since the last reset, up to `nowSeconds` (not before the last change) [request·s]; reads only (the window meter). */
  busyIntegral(nowSeconds: number): number {
    return this.busyOffset + this.busy * nowSeconds;
  }

  /**
   * ∫ busy capacity dt since the last reset, up to `nowSeconds`, in the
   * units utilisation is a share of (`capacityUnits`): busy slots here,
   * busy cores for processor sharing [unit·s]; reads only (the window meter).
   */
  capacityBusyIntegral(nowSeconds: number): number {
    return this.busyIntegral(nowSeconds);
  }

  /** ∫ queued dt since the last reset, up to `nowSeconds` (not before the last change) [request·s]; reads only. */
  queueIntegral(nowSeconds: number): number {
    return this.queueOffset + this.queued * nowSeconds;
  }

  protected start(request: number): void {
    const requests = this.requests;
    const pos = this.busy++;
    this.busyOffset -= this.ctx.now; // see busyOffset
    // Only a server that can die needs to know who is inside. (`=== true`: see EventQueue.push.)
    if (this.mortal === true) {
      this.inService[pos] = request;
      // Positions are kept per server: a request holding slots in several servers has one in each.
      if (request >= this.posOf.length) this.growPos(request);
      this.posOf[request] = pos;
    }
    // A time set by the tier (cache hit, commit wait; consumed here), else the class's distribution.
    const forced = requests.serviceSeconds[request]!;
    let seconds: number;
    if (forced >= 0) {
      seconds = forced;
      requests.serviceSeconds[request] = -1;
    } else {
      seconds = this.serviceByClass[requests.classIndex[request]!]!.sample(this.ctx.rng) * this.invSpeed;
    }
    // The delay goes in a field, not as an argument: see SimContext.delaySeconds.
    const ctx = this.ctx;
    ctx.delaySeconds = seconds;
    ctx.scheduleAfterDelay(DONE, request);
  }

  private removeFromService(request: number): void {
    const pos = this.posOf[request]!;
    const last = --this.busy;
    this.busyOffset += this.ctx.now; // see busyOffset
    if (pos !== last) {
      const moved = this.inService[last]!;
      this.inService[pos] = moved;
      this.posOf[moved] = pos;
    }
  }

  private growPos(atLeast: number): void {
    const next = new Int32Array(Math.max(1024, 2 ** Math.ceil(Math.log2(atLeast + 1))));
    next.set(this.posOf);
    this.posOf = next;
  }

  /** A slot is left (no request tracked: see `mortal`). */
  protected freeSlot(): void {
    this.busy--;
    this.busyOffset += this.ctx.now; // see busyOffset
  }

  /** Every slot is emptied at once (a death). */
  protected emptySlots(): void {
    this.busyOffset += this.busy * this.ctx.now; // see busyOffset
    this.busy = 0;
  }

  private growRing(): void {
    const old = this.ring;
    const next = new Int32Array(old.length * 2);
    for (let i = 0; i < this.queued; i++) next[i] = old[(this.head + i) & (old.length - 1)]!;
    this.ring = next;
    this.head = 0;
  }
}
