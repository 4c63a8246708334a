import type { Clock } from '../../engine/clock.js';
import type { Distribution } from '../../rng/distributions.js';
import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedDatabase } from '../../scenario/resolved.js';
import { choiceFailure, FailureReason } from '../request/failure-reason.js';
import { GaleraCluster, type GaleraMember } from './galera.js';
import type { LinkTable } from '../network/link.js';
import type { CommitPause } from './commit-pause.js';
import { masterMasterChannels } from './master-master.js';
import type { ObjectStore } from './object-store.js';
import { READ_ROUND_ROBIN, type ReadRouting } from './read-routing.js';
import { periodicReceive } from './periodic-copy.js';
import { ReplicationChannel } from './replication.js';
import type { RequestTable } from '../request/request-table.js';
import type { Server } from '../stations/server.js';
import { SERVED_ABORTED, SERVED_CONSUMED, SERVED_CONTINUE, type DataRole } from '../stations/data-role.js';

/**
 * The database role of a tier.
 *
 * Routing: reads go to a server in the request's own site (the ERP's local
 * slave), or another one if none there is up; writes go to the master
 * (asynchronous replication) — across the link when the request is on the
 * other site — or, in a Galera cluster, to the local node, which holds the
 * connection while the commit is certified by the group (round trip to the
 * farthest member) and refuses everything without quorum.
 *
 * Replication: every write the master serves is streamed to each slave
 * (`ReplicationChannel`), whose per-write delay is the replication lag.
 */
export class Database implements DataRole {
  readonly kind: ResolvedDatabase['replication'];
  /** Async: the master's index in the tier. */
  masterIndex: number;
  /** Async: one channel per slave, by server index (undefined for the master). */
  readonly channels: Array<ReplicationChannel | undefined>;
  readonly galera: GaleraCluster | undefined;
  /** Galera: probability that a commit fails certification, and the node's retries before the client sees it. */
  private conflictProbability = 0;
  private retryAutocommit = 1;
  /** Galera with conflicts: per request id, 1 when its commit will abort (decided when it starts). */
  private aborted = new Uint8Array(0);
  /** Galera with flow control: where paused commits wait (set by the model builder). */
  pause: CommitPause | undefined;
  /** Object storage: the replica logic (built with its own component context, set by the model builder). */
  store: ObjectStore | undefined;
  private rotate = 0;
  /** Writes committed by the master (whichever it is) since the start: backups count what they lose from it. */
  commits = 0;
  /** Set while the data is being restored from a backup: every request fails. */
  unavailable = false;
  /** Channels replaced by a failover or a resync, by server index: their statistics still count. */
  private readonly retired: ReplicationChannel[][];
  private readonly links: LinkTable;
  private readonly streamFor: (name: string) => RandomStream;
  private readonly spec: ResolvedDatabase;
  private measureFrom = 0;

  /** Read routing by class index (read-routing.ts), set by the model builder when the scenario gives `reads`. */
  private readModes: Uint8Array | undefined;
  private routing: ReadRouting | undefined;

  /** Async with periodic copies: when a write reaches a slave (periodic-copy.ts). */
  private receiveAt: ((t: number) => number) | undefined;

  /** Per site: where the round-robin over its local servers resumes. */
  private readonly rotateBySite: Int32Array;

  constructor(
    spec: ResolvedDatabase,
    private readonly servers: readonly Server[],
    private readonly writes: Uint8Array,
    private readonly requests: RequestTable,
    private readonly clock: Clock,
    private readonly serviceByClass: ReadonlyArray<Distribution | undefined>,
    links: LinkTable,
    streamFor: (name: string) => RandomStream,
    oneWaySeconds: (a: number, b: number) => number,
  ) {
    this.kind = spec.replication;
    this.rotateBySite = new Int32Array(servers.reduce((m, s) => Math.max(m, s.spec.siteIndex + 1), 0));
    this.spec = spec;
    this.links = links;
    this.streamFor = streamFor;
    this.retired = servers.map(() => []);
    if (spec.replication === 'master-master' || spec.replication === 'object-storage') {
      // Each master receives the other's writes (a channel into each server); object storage has no channel.
      this.masterIndex = -1;
      this.channels = spec.replication === 'master-master' ? masterMasterChannels(servers, spec, links, streamFor) : servers.map(() => undefined);
      this.galera = undefined;
    } else if (spec.replication === 'async') {
      this.masterIndex = spec.masterIndex;
      const master = servers[spec.masterIndex]!;
      this.channels = servers.map((s, i) =>
        i === spec.masterIndex
          ? undefined
          : new ReplicationChannel(
              master.spec.siteIndex,
              links.between(master.spec.siteIndex, s.spec.siteIndex),
              spec.applyTime,
              spec.writeBytes,
              streamFor(`${s.spec.name}#replication`),
            ),
      );
      for (const c of this.channels) if (c !== undefined) c.source = master;
      this.receiveAt = spec.periodicCopy === undefined ? undefined : periodicReceive(spec.periodicCopy);
      for (const c of this.channels) if (c !== undefined) c.receiveAt = this.receiveAt;
      this.galera = undefined;
    } else {
      this.masterIndex = -1;
      this.channels = servers.map(() => undefined);
      const members: GaleraMember[] = servers.map((s, i) => ({
        name: s.spec.name,
        site: s.spec.siteIndex,
        weight: spec.nodeWeights?.[i] ?? 1,
        arbitrator: false,
        // A data node is up exactly when its server is alive.
        get up() {
          return s.alive;
        },
        speed: s.spec.speed,
      }));
      for (const a of spec.arbitrators) members.push({ name: a.name, site: a.siteIndex, weight: a.weight, arbitrator: true, up: true });
      this.galera = new GaleraCluster(members, oneWaySeconds, spec.certificationSeconds, links);
      if (spec.flowControl) this.galera.enableFlowControl(spec.flowControl.applyTime, spec.flowControl.limit);
      this.conflictProbability = spec.conflictProbability ?? 0;
      this.retryAutocommit = spec.retryAutocommit ?? 1;
    }
  }

  /** Restart the replication statistics at the end of the warm-up. */
  setMeasureFrom(seconds: number): void {
    this.measureFrom = seconds;
    for (const c of this.channels) c?.setMeasureFrom(seconds);
  }

  choose(request: number): number {
    if (this.unavailable) return choiceFailure(FailureReason.noBackend);
    const isWrite = this.writes[this.requests.classIndex[request]!] === 1;
    if (this.galera !== undefined) {
      if (!this.galera.hasQuorum()) return choiceFailure(FailureReason.quorumLost);
      const i = isWrite ? this.local(request) : this.read(request);
      // Split by a partition: a node outside the primary component refuses.
      if (i >= 0 && this.galera.partitioned && !this.galera.inPrimary(this.servers[i]!.spec.siteIndex)) return choiceFailure(FailureReason.quorumLost);
      return i;
    }
    if (this.store !== undefined) return isWrite ? this.store.chooseWrite(request) : this.store.chooseRead(request);
    if (isWrite && this.masterIndex >= 0) {
      const m = this.servers[this.masterIndex]!;
      return m.up ? this.masterIndex : choiceFailure(FailureReason.noBackend);
    }
    return isWrite ? this.local(request) : this.read(request);
  }

  /** Route reads by class: `modes[class]` is a read-routing code (READ_ROUND_ROBIN: `local`, as without routing). */
  routeReads(routing: ReadRouting, modes: Uint8Array): void {
    this.routing = routing;
    this.readModes = modes;
  }

  private read(request: number): number {
    const modes = this.readModes;
    if (modes === undefined) return this.local(request);
    const mode = modes[this.requests.classIndex[request]!]!;
    return mode === READ_ROUND_ROBIN ? this.local(request) : this.routing!.pick(mode, this.requests.site[request]!, this.masterIndex);
  }

  /** A Galera write holds its connection during certification; otherwise −1 (draw the service time). */
  serviceSeconds(request: number, server: Server): number {
    if (this.galera === undefined) return -1;
    const cls = this.requests.classIndex[request]!;
    if (this.writes[cls] !== 1) return -1;
    const rng = server.rng;
    const site = server.spec.siteIndex;
    const galera = this.galera;
    let total = this.serviceByClass[cls]!.sample(rng) / server.spec.speed + galera.commitDelaySeconds(site);
    const p = this.conflictProbability;
    if (p > 0) {
      // Each try fails certification with probability p; the node retries the whole transaction.
      for (let tries = 0; rng.next() < p; tries++) {
        if (tries >= this.retryAutocommit) {
          this.markAborted(request);
          break;
        }
        total += this.serviceByClass[cls]!.sample(rng) / server.spec.speed + galera.commitDelaySeconds(site);
      }
    }
    return total;
  }

  private markAborted(request: number): void {
    if (request >= this.aborted.length) {
      const a = new Uint8Array(Math.max(1024, 2 ** Math.ceil(Math.log2(request + 1))));
      a.set(this.aborted);
      this.aborted = a;
    }
    this.aborted[request] = 1;
  }

  /**
   * A server finished a request: SERVED_CONTINUE (the request goes on),
   * SERVED_CONSUMED (the store's own work: a replica write, a job) or
   * SERVED_ABORTED (a Galera commit that failed certification on every try).
   */
  served(request: number, server: Server): number {
    const store = this.store;
    if (store !== undefined && store.owns(request)) {
      store.served(request, server);
      return SERVED_CONSUMED;
    }
    if (this.galera !== undefined) {
      if (this.writes[this.requests.classIndex[request]!] !== 1) return SERVED_CONTINUE;
      if (request < this.aborted.length && this.aborted[request] === 1) {
        this.aborted[request] = 0;
        return SERVED_ABORTED;
      }
      this.commits++;
      const pause = this.pause;
      if (pause !== undefined) {
        // Flow control: the write set joins every node's apply queue; the writer waits for the slowest to drain.
        const wait = this.galera.flowControlWaitSeconds(server.spec.siteIndex, this.clock.now, server.rng);
        if (wait > 0) {
          pause.pause(request, wait);
          return SERVED_CONSUMED;
        }
      }
      return SERVED_CONTINUE;
    }
    if (this.writes[this.requests.classIndex[request]!] !== 1) return SERVED_CONTINUE;
    const now = this.clock.now;
    if (this.masterIndex < 0) {
      // Master–master: the write goes to every other server (an indexed loop: no closure per write).
      this.commits++;
      const channels = this.channels;
      for (let j = 0; j < channels.length; j++) if (j !== server.index) channels[j]?.commit(now);
      return SERVED_CONTINUE;
    }
    if (server.index !== this.masterIndex) return SERVED_CONTINUE;
    this.commits++;
    for (const c of this.channels) c?.commit(now);
    return SERVED_CONTINUE;
  }

  /** An object-storage PUT entering at `server` is fanned out to its replicas: true when the store took it. */
  takes(request: number, server: Server): boolean {
    if (this.store === undefined || this.writes[this.requests.classIndex[request]!] !== 1) return false;
    this.store.put(request, server);
    return true;
  }

  /** A request that will not be served after all (its server's queue was full): forget a commit abort drawn for it. */
  forgetAbort(request: number): void {
    if (request < this.aborted.length) this.aborted[request] = 0;
  }

  /** A dying server lost a request: true when it was the store's own work (handled there). */
  lostByStore(request: number, how: number): boolean {
    // A commit lost with its server is not served: forget its abort, the id will be reused.
    if (request < this.aborted.length) this.aborted[request] = 0;
    if (this.store === undefined || !this.store.owns(request)) return false;
    this.store.lost(request, how);
    return true;
  }

  /**
   * Async: make server `index` the master (a failover). Every other server
   * gets a fresh channel from it, except those in `excluded` (dead, or
   * waiting to be resynchronised), which get none until `attachSlave`.
   * `tag` keeps the new channels' random streams distinct from earlier ones.
   */
  promote(index: number, excluded: (i: number) => boolean, tag: string): void {
    this.masterIndex = index;
    for (let i = 0; i < this.servers.length; i++) {
      this.detachSlave(i);
      if (i !== index && !excluded(i)) this.attachSlave(i, tag);
    }
  }

  /** Async: start replicating from the current master to server `i` (a resynchronised server rejoins). */
  attachSlave(i: number, tag: string): void {
    if (this.spec.replication !== 'async' || i === this.masterIndex) return;
    this.detachSlave(i);
    const master = this.servers[this.masterIndex]!;
    const s = this.servers[i]!;
    this.channels[i] = new ReplicationChannel(
      master.spec.siteIndex,
      this.links.between(master.spec.siteIndex, s.spec.siteIndex),
      this.spec.applyTime,
      this.spec.writeBytes,
      this.streamFor(`${s.spec.name}#replication.${tag}`),
    );
    this.channels[i]!.source = master;
    this.channels[i]!.receiveAt = this.receiveAt;
    this.channels[i]!.setMeasureFrom(this.measureFrom);
  }

  /** Async: stop replicating to server `i` (it died); its statistics are kept. */
  detachSlave(i: number): void {
    const c = this.channels[i];
    if (c === undefined) return;
    c.retire();
    this.retired[i]!.push(c);
    this.channels[i] = undefined;
  }

  /** Every channel server `i` ever had, current last (for the per-slave statistics). */
  channelsOf(i: number): ReplicationChannel[] {
    const c = this.channels[i];
    return c === undefined ? this.retired[i]! : [...this.retired[i]!, c];
  }

  /** A server in the request's site that is up, else the next one up (rotating). */
  private local(request: number): number {
    const site = this.requests.site[request]!;
    const servers = this.servers;
    const n = servers.length;
    // Round-robin over the site's servers that are up (a Galera cluster of
    // several nodes in one datacenter shares its reads), one pointer per site.
    if (site >= 0 && site < this.rotateBySite.length) {
      const from = this.rotateBySite[site]!;
      for (let k = 0; k < n; k++) {
        const i = (from + k) % n;
        const s = servers[i]!;
        if (s.up && s.spec.siteIndex === site) {
          this.rotateBySite[site] = i + 1;
          return i;
        }
      }
    }
    for (let k = 0; k < n; k++) {
      const i = (this.rotate + k) % n;
      if (servers[i]!.up) {
        this.rotate = i + 1;
        return i;
      }
    }
    return choiceFailure(FailureReason.noBackend);
  }
}
