import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { RandomStream } from '../../rng/stream.js';
import type { IncidentLog, IncidentScope } from '../meters/incident-log.js';
import type { Server } from '../stations/server.js';

/** Something that fails at random: a server, a host, a whole site. */
export interface FailingUnit {
  /** As incident records name it: "server web/eg-1", "host esx-2", "site SBG". */
  target: string;
  /** Up time from the start or a repair to the next failure [s]. */
  timeToFailure: Distribution;
  /** Down time from a failure to its repair [s]. */
  timeToRepair: Distribution;
  /** It fails now; returns the servers that went down with it. */
  fail(): readonly Server[];
  /** It is repaired now. */
  repair(): void;
  /** Out of service when it fails (an instance powered off): the failure breaks nothing and is not logged. */
  idle?(): boolean;
  /** What the incident log watches to know its service is back (a balancer, a link until repaired). */
  scope?: IncidentScope;
  /** A standby takes over this long after each failure (a balancer pair), unless repaired first. */
  takeover?: { seconds: number; run(): void };
}

const FAIL = 0;
const REPAIR = 1;
const TAKEOVER = 2;

/**
 * Random failures: each unit alternates up times drawn from its
 * time-to-failure distribution and down times drawn from its
 * time-to-repair distribution (an alternating renewal process, so its
 * long-run availability is E[TTF] / (E[TTF] + E[TTR]) whatever the
 * distributions). Every unit starts as good as new at t = 0 and draws from
 * its own random stream, so adding a unit never changes another's history.
 */
export class RandomFailures implements Component {
  private readonly rngs: RandomStream[];
  private readonly recordIds: Int32Array;

  constructor(
    private readonly ctx: SimContext,
    private readonly units: readonly FailingUnit[],
    private readonly log: IncidentLog,
    streamFor: (name: string) => RandomStream,
  ) {
    this.rngs = units.map((u) => streamFor(`${u.target}#failures`));
    this.recordIds = new Int32Array(units.length).fill(-1);
    this.failedAt = new Float64Array(units.length).fill(NaN);
  }

  /** Per unit: when its current failure started [s]; NaN while it is up (a takeover from an earlier failure is stale). */
  private readonly failedAt: Float64Array;

  begin(): void {
    this.units.forEach((u, i) => this.ctx.schedule(u.timeToFailure.sample(this.rngs[i]!), FAIL, i));
  }

  handle(kind: number, i: number): void {
    const unit = this.units[i]!;
    const rng = this.rngs[i]!;
    const now = this.ctx.now;
    if (kind === TAKEOVER) {
      if (now - this.failedAt[i]! >= unit.takeover!.seconds - 1e-9) unit.takeover!.run();
      return;
    }
    if (kind === FAIL) {
      // The record opens before the crash so that the requests lost in it count.
      const id = unit.idle?.() === true ? -1 : this.log.begin('failure', unit.target, `${unit.target} failed`, [], now, unit.scope);
      this.log.addServers(id, unit.fail());
      this.log.struck(id);
      this.recordIds[i] = id;
      this.failedAt[i] = now;
      this.ctx.schedule(unit.timeToRepair.sample(rng), REPAIR, i);
      if (unit.takeover !== undefined) this.ctx.schedule(unit.takeover.seconds, TAKEOVER, i);
    } else {
      this.failedAt[i] = NaN;
      unit.repair();
      this.log.repaired(this.recordIds[i]!, now);
      this.ctx.schedule(unit.timeToFailure.sample(rng), FAIL, i);
    }
  }
}
