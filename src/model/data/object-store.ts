import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import { choiceFailure, FailureReason } from '../request/failure-reason.js';
import type { LinkTable } from '../network/link.js';
import type { RequestTable } from '../request/request-table.js';
import { LOST_IN_SERVICE, LOST_STALE_EVENT, type Server } from '../stations/server.js';

const ARRIVE = 0; // a replica write reaches a server in another site
const ACK = 1; // a replica's acknowledgement reaches the proxy's site
const REPLICATOR_PASS = 2;
const JOB = 3; // next re-replication job on a surviving server (arg: server index)

/** Request roles in the store, by request id. */
const CLIENT = -1; // an ordinary request (GET, or the PUT itself)
const JOB_ROLE = -2; // a background re-replication job
const ZOMBIE_ROLE = -3; // died in service: its id waits for the stale completion event

/** Bytes of a replica's acknowledgement crossing back. */
const ACK_BYTES = 200;

export interface ObjectStoreSpec {
  replicas: number;
  writeQuorum: number;
  reReplication?: { intervalSeconds: number; durationSeconds: number; ratePerSecond: number; jobTime: Distribution };
}

/** What the store needs from its tier: finish or fail the PUT's stage. */
export interface StoreOwner {
  /** The PUT reached its write quorum: the request leaves the tier. */
  stored(request: number): void;
  /** The PUT cannot reach its quorum. */
  storeFailed(request: number, reason: number): void;
}

/**
 * Object storage with replicas (Swift behind OVH Public Cloud Object
 * Storage: three copies in different racks).
 *
 * A PUT (a write class) is written to `replicas` live servers (a rotating
 * placement, so writes spread evenly; a dead server is skipped the way
 * Swift's proxy falls back to a handoff node) and succeeds when
 * `writeQuorum` of them have stored it: its time in the tier is the
 * quorum-th order statistic of the replicas' times, each including its own
 * queueing and, for a replica in another site, the link both ways. The
 * copies still running after the quorum finish in the background. It fails
 * when too many replicas fail (dead, queue full, cut off) to reach the
 * quorum, or with `noBackend` when fewer than `writeQuorum` servers live.
 *
 * A GET goes to one live replica, preferring the request's site and
 * rotating (the proxy tries the next replica at once when one refuses).
 *
 * Each replica write is a request id of its own (`role` names its PUT's
 * group), so it queues and takes a slot like any request; ids are released
 * here, never by the flow.
 *
 * Re-replication: the replicator passes every `interval`; at the first pass
 * after a server died, each surviving server receives background jobs
 * (Poisson, `rate` per second, each `jobTime`) for `duration`: they take
 * slots like requests, so client requests queue behind them.
 *
 * Simplifications: every server holds every object's possible replicas (no
 * ring of partitions); the proxy's own work is not modelled; a replica
 * across a partitioned link counts as failed at once.
 */
export class ObjectStore implements Component {
  /** Per request id: CLIENT, JOB_ROLE, ZOMBIE_ROLE, or the group index of a replica write. */
  private role = new Int32Array(1024).fill(CLIENT);
  /** Per request id (replica writes crossing a link): the server it travels to. */
  private target = new Int32Array(1024);
  // Groups (one per PUT in progress), recycled through a free list.
  private groupParent = new Int32Array(64);
  private groupAcks = new Int32Array(64);
  private groupFails = new Int32Array(64);
  private groupPending = new Int32Array(64);
  /** Replicas a PUT may lose and still reach its quorum. */
  private groupSpare = new Int32Array(64);
  private groupDone = new Uint8Array(64);
  private freeGroups: number[] = [];
  private groupsUsed = 0;
  private rotate = 0;
  private readRotate = 0;
  /** Per server: its death has been seen by the replicator (reset when it is alive again). */
  private lossSeen: Uint8Array;
  /** Per server: re-replication keeps it busy until then [s]. */
  private recoveringUntil: Float64Array;
  /** Per server: a JOB chain is scheduled. */
  private jobChain: Uint8Array;
  /** Re-replications started (one per server death noticed). */
  reReplications = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: ObjectStoreSpec,
    private readonly servers: readonly Server[],
    private readonly requests: RequestTable,
    private readonly links: LinkTable,
    private readonly owner: StoreOwner,
    /** Per class, the bytes of a PUT (its requestSize): what a replica write sends across a link. */
    private readonly putBytes: Float64Array,
  ) {
    const n = servers.length;
    this.lossSeen = new Uint8Array(n);
    this.recoveringUntil = new Float64Array(n);
    this.jobChain = new Uint8Array(n);
    if (spec.reReplication) ctx.schedule(spec.reReplication.intervalSeconds, REPLICATOR_PASS, 0);
  }

  /** A GET: a live replica in the request's site, else any live one (rotating). */
  chooseRead(request: number): number {
    const servers = this.servers;
    const n = servers.length;
    const site = this.requests.site[request]!;
    for (let k = 0; k < n; k++) {
      const i = (this.readRotate + k) % n;
      const s = servers[i]!;
      if (s.alive && s.spec.siteIndex === site) {
        this.readRotate = i + 1;
        return i;
      }
    }
    for (let k = 0; k < n; k++) {
      const i = (this.readRotate + k) % n;
      if (servers[i]!.alive) {
        this.readRotate = i + 1;
        return i;
      }
    }
    return choiceFailure(FailureReason.noBackend);
  }

  /** Where a PUT enters (the proxy's side): a live server in the request's site if any; the store fans it out from there. */
  /** Whether enough replica servers live to store a PUT. */
  get writable(): boolean {
    let alive = 0;
    for (const s of this.servers) if (s.alive) alive++;
    return alive >= this.spec.writeQuorum;
  }

  chooseWrite(request: number): number {
    let alive = 0;
    for (const s of this.servers) if (s.alive) alive++;
    if (alive < this.spec.writeQuorum) return choiceFailure(FailureReason.noBackend);
    return this.chooseRead(request);
  }

  /** Whether the store handles a request that finished or was lost in a server (a replica write or a job). */
  owns(request: number): boolean {
    return request < this.role.length && this.role[request] !== CLIENT;
  }

  /** A PUT entered the tier at `proxy`'s site: write its replicas. */
  put(request: number, proxy: Server): void {
    const servers = this.servers;
    const n = servers.length;
    const want = this.spec.replicas;
    const g = this.newGroup(request);
    let placed = 0;
    const start = this.rotate;
    this.rotate = (this.rotate + 1) % n;
    // Count the replicas first: a replica failing at once must see the final pending count.
    const chosen = this.chosen;
    for (let k = 0; k < n && placed < want; k++) {
      const i = (start + k) % n;
      if (servers[i]!.alive) chosen[placed++] = i;
    }
    if (placed < this.spec.writeQuorum) {
      this.freeGroup(g);
      this.owner.storeFailed(request, FailureReason.noBackend);
      return;
    }
    this.groupPending[g] = placed;
    this.groupSpare[g] = placed - this.spec.writeQuorum;
    const from = proxy.spec.siteIndex;
    const cls = this.requests.classIndex[request]!;
    for (let k = 0; k < placed; k++) {
      const i = chosen[k]!;
      const sub = this.requests.create(this.ctx.now, cls);
      // Never counted as a client request in flight (arrival before any warm-up).
      this.requests.arrivalSeconds[sub] = -1;
      this.requests.site[sub] = from;
      this.setRole(sub, g);
      const to = servers[i]!.spec.siteIndex;
      const link = to === from ? undefined : this.links.between(from, to);
      if (link === undefined) this.arrive(sub, i);
      else if (link.partitioned) this.replicaFailed(sub, FailureReason.unreachable);
      else {
        this.target[sub] = i;
        this.ctx.scheduleAt(link.send(from, this.ctx.now, this.putBytes[cls]!, this.ctx.rng), ARRIVE, sub);
      }
    }
  }

  private chosen = new Int32Array(64);

  /** A replica write or a job finished at `server`. */
  served(request: number, server: Server): void {
    const role = this.role[request]!;
    if (role === JOB_ROLE) {
      this.releaseSub(request);
      return;
    }
    const from = server.spec.siteIndex;
    const to = this.requests.site[request]!;
    const link = from === to ? undefined : this.links.between(from, to);
    if (link === undefined) this.acked(request);
    else if (link.partitioned) this.replicaFailed(request, FailureReason.unreachable);
    else this.ctx.scheduleAt(link.send(from, this.ctx.now, ACK_BYTES, this.ctx.rng), ACK, request);
  }

  /** A replica write or a job was lost in a dying server (Server's LOST_* codes). */
  lost(request: number, how: number): void {
    const requests = this.requests;
    requests.serviceSeconds[request] = -1;
    requests.cacheHit[request] = 0;
    const role = this.role[request]!;
    if (how === LOST_STALE_EVENT) {
      this.releaseSub(request);
      return;
    }
    if (role >= 0) this.countFailure(role, FailureReason.died);
    if (how === LOST_IN_SERVICE) {
      // Its completion event is still pending: keep the id until it arrives.
      this.role[request] = ZOMBIE_ROLE;
      requests.setZombie(request);
    } else {
      this.releaseSub(request);
    }
  }

  handle(kind: number, arg: number): void {
    if (kind === ARRIVE) this.arrive(arg, this.target[arg]!);
    else if (kind === ACK) this.acked(arg);
    else if (kind === REPLICATOR_PASS) this.replicatorPass();
    else this.job(arg);
  }

  private arrive(sub: number, i: number): void {
    const server = this.servers[i]!;
    if (!server.alive) {
      this.replicaFailed(sub, FailureReason.refused);
      return;
    }
    if (!server.arrive(sub)) this.replicaFailed(sub, FailureReason.rejected);
  }

  private acked(sub: number): void {
    const g = this.role[sub]!;
    this.releaseSub(sub);
    if (this.groupDone[g] === 0 && ++this.groupAcks[g]! >= this.spec.writeQuorum) {
      this.groupDone[g] = 1;
      this.owner.stored(this.groupParent[g]!);
    }
    if (--this.groupPending[g]! === 0) this.freeGroup(g);
  }

  private replicaFailed(sub: number, reason: number): void {
    const g = this.role[sub]!;
    this.releaseSub(sub);
    this.countFailure(g, reason);
  }

  private countFailure(g: number, reason: number): void {
    if (this.groupDone[g] === 0 && ++this.groupFails[g]! > this.groupSpare[g]!) {
      this.groupDone[g] = 1;
      this.owner.storeFailed(this.groupParent[g]!, reason);
    }
    if (--this.groupPending[g]! === 0) this.freeGroup(g);
  }

  private replicatorPass(): void {
    const rr = this.spec.reReplication!;
    const now = this.ctx.now;
    this.servers.forEach((s, i) => {
      if (s.alive) {
        this.lossSeen[i] = 0;
        return;
      }
      if (this.lossSeen[i] === 1) return;
      // A newly lost server: its replicas are re-created on the survivors.
      this.lossSeen[i] = 1;
      this.reReplications++;
      this.servers.forEach((t, j) => {
        if (j === i || !t.alive) return;
        this.recoveringUntil[j] = Math.max(this.recoveringUntil[j]!, now + rr.durationSeconds);
        if (this.jobChain[j] === 0) {
          this.jobChain[j] = 1;
          this.ctx.schedule(-Math.log(1 - this.ctx.rng.next()) / rr.ratePerSecond, JOB, j);
        }
      });
    });
    this.ctx.schedule(rr.intervalSeconds, REPLICATOR_PASS, 0);
  }

  private job(j: number): void {
    const rr = this.spec.reReplication!;
    const now = this.ctx.now;
    if (now >= this.recoveringUntil[j]!) {
      this.jobChain[j] = 0;
      return;
    }
    const server = this.servers[j]!;
    if (server.alive) {
      const id = this.requests.create(now, 0);
      this.requests.arrivalSeconds[id] = -1;
      this.setRole(id, JOB_ROLE);
      this.requests.serviceSeconds[id] = rr.jobTime.sample(this.ctx.rng) / server.spec.speed;
      if (!server.arrive(id)) {
        this.requests.serviceSeconds[id] = -1;
        this.releaseSub(id);
      }
    }
    this.ctx.schedule(-Math.log(1 - this.ctx.rng.next()) / rr.ratePerSecond, JOB, j);
  }

  private setRole(id: number, role: number): void {
    if (id >= this.role.length) {
      let cap = this.role.length;
      while (cap <= id) cap *= 2;
      const r = new Int32Array(cap).fill(CLIENT);
      r.set(this.role);
      this.role = r;
      const t = new Int32Array(cap);
      t.set(this.target);
      this.target = t;
    }
    this.role[id] = role;
  }

  private releaseSub(id: number): void {
    this.role[id] = CLIENT;
    this.requests.release(id);
  }

  private newGroup(parent: number): number {
    let g: number;
    if (this.freeGroups.length > 0) g = this.freeGroups.pop()!;
    else {
      if (this.groupsUsed === this.groupParent.length) this.growGroups();
      g = this.groupsUsed++;
    }
    this.groupParent[g] = parent;
    this.groupAcks[g] = 0;
    this.groupFails[g] = 0;
    this.groupPending[g] = 0;
    this.groupDone[g] = 0;
    if (this.chosen.length < this.servers.length) this.chosen = new Int32Array(this.servers.length);
    return g;
  }

  private freeGroup(g: number): void {
    this.freeGroups.push(g);
  }

  private growGroups(): void {
    const cap = this.groupParent.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.groupParent = grow(this.groupParent, (n) => new Int32Array(n));
    this.groupAcks = grow(this.groupAcks, (n) => new Int32Array(n));
    this.groupFails = grow(this.groupFails, (n) => new Int32Array(n));
    this.groupPending = grow(this.groupPending, (n) => new Int32Array(n));
    this.groupSpare = grow(this.groupSpare, (n) => new Int32Array(n));
    this.groupDone = grow(this.groupDone, (n) => new Uint8Array(n));
  }
}
