/**
 * Servers of several tiers on one machine, sharing its cores.
 *
 * Each tier keeps its own server (its workers, its FIFO queue, its
 * statistics), and the machine's cores are processor-shared by the busy
 * workers of all of them: with n requests running on the machine in all,
 * each progresses at min(1, cores/n) of full speed. In the limits:
 * - one tier alone on the machine is the processor-sharing server of
 *   `ps-server.ts` with the machine's cores (and, with cores ≥ slots, an
 *   M/G/c FIFO server: every worker runs at full speed);
 * - tiers whose workers never outnumber the cores run independently;
 * - with one core and unbounded slots, the machine is a multi-class
 *   M/G/1-PS queue: class i's mean response is s_i/(1−ρ), ρ = Σ λ_i s_i.
 * A worker holding its slot while a later tier answers (`hold`) is not
 * running: it counts towards its tier's slots, not the machine's cores.
 */
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { RequestTable } from '../request/request-table.js';
import { PsServer } from './ps-server.js';
import type { ServerOwner, ServerSpec } from './server.js';

/** One machine instance: its cores and the servers (one per tier) that share them. */
export class CorePool {
  readonly members: SharedCoreServer[] = [];
  constructor(readonly cores: number) {}

  /**
   * Speed of each running request now: min(1, cores/n). Summing the members'
   * busy counts (two or three tiers) instead of keeping a total keeps one
   * source of truth; it is a handful of additions, no allocation.
   */
  rate(): number {
    let n = 0;
    const m = this.members;
    for (let i = 0; i < m.length; i++) n += m[i]!.running;
    return n <= this.cores ? 1 : this.cores / n;
  }

  /** Bring every other member's virtual time up to now at the rate that held until now. */
  advanceOthers(self: SharedCoreServer): void {
    const m = this.members;
    for (let i = 0; i < m.length; i++) if (m[i] !== self) m[i]!.catchUp();
  }

  /** The rate changed: every other member re-aims its completion timer. */
  aimOthers(self: SharedCoreServer): void {
    const m = this.members;
    for (let i = 0; i < m.length; i++) if (m[i] !== self) m[i]!.reaim();
  }
}

/**
 * A tier's server on a shared machine: a processor-sharing server whose
 * sharing rate is the machine's (CorePool.rate), not its own. Every change
 * of its running count first brings the other tiers' servers up to now,
 * then, only if the machine's rate changed, re-aims their timers: with
 * enough cores the rate stays 1 and a change costs the others nothing.
 */
export class SharedCoreServer extends PsServer {
  constructor(
    ctx: SimContext,
    index: number,
    globalId: number,
    spec: ServerSpec & { cores: number },
    serviceByClass: ReadonlyArray<Distribution | undefined>,
    requests: RequestTable,
    owner: ServerOwner,
    readonly pool: CorePool,
  ) {
    super(ctx, index, globalId, spec, serviceByClass, requests, owner);
    pool.members.push(this);
  }

  protected override advance(): void {
    const now = this.ctx.now;
    const n = this.running;
    if (n > 0) {
      const dt = now - this.vAt;
      const rate = this.pool.rate();
      this.vtime += dt * rate;
      // This tier's share of the machine's cores: its running requests times their speed.
      this.coreArea += dt * n * rate;
    }
    this.vAt = now;
  }

  /** This tier's share of the machine's cores now (see `advance`). */
  protected override coresInUse(): number {
    return this.running * this.pool.rate();
  }

  protected override aim(): void {
    if (this.timer >= 0) this.ctx.cancel(this.timer);
    this.timer = -1;
    if (this.running === 0) return;
    const left = this.peekTag() - this.vtime;
    this.timer = this.ctx.startTimer(left > 0 ? left / this.pool.rate() : 0, 0, 0);
  }

  /** Called by the pool: advance to now (another tier's running count is about to change). */
  catchUp(): void {
    this.advance();
  }

  /** Called by the pool: the machine's rate changed. */
  reaim(): void {
    this.aim();
  }

  protected override start(request: number): void {
    const pool = this.pool;
    pool.advanceOthers(this);
    const before = pool.rate();
    super.start(request);
    if (pool.rate() !== before) pool.aimOthers(this);
  }

  override handle(kind: number, arg: number): void {
    const pool = this.pool;
    pool.advanceOthers(this);
    const before = pool.rate();
    super.handle(kind, arg);
    if (pool.rate() !== before) pool.aimOthers(this);
  }

  override die(): void {
    if (!this.alive) return;
    const pool = this.pool;
    pool.advanceOthers(this);
    const before = pool.rate();
    super.die();
    if (pool.rate() !== before) pool.aimOthers(this);
  }
}
