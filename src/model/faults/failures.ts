import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Distribution } from '../../rng/distributions.js';
import type { RandomStream } from '../../rng/stream.js';
import type { IncidentLog } from '../meters/incident-log.js';
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
}

const FAIL = 0;
const REPAIR = 1;

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
  }

  begin(): void {
    this.units.forEach((u, i) => this.ctx.schedule(u.timeToFailure.sample(this.rngs[i]!), FAIL, i));
  }

  handle(kind: number, i: number): void {
    const unit = this.units[i]!;
    const rng = this.rngs[i]!;
    const now = this.ctx.now;
    if (kind === FAIL) {
      // The record opens before the crash so that the requests lost in it count.
      const id = unit.idle?.() === true ? -1 : this.log.begin('failure', unit.target, `${unit.target} failed`, [], now);
      this.log.addServers(id, unit.fail());
      this.log.struck(id);
      this.recordIds[i] = id;
      this.ctx.schedule(unit.timeToRepair.sample(rng), REPAIR, i);
    } else {
      unit.repair();
      this.log.repaired(this.recordIds[i]!, now);
      this.ctx.schedule(unit.timeToFailure.sample(rng), FAIL, i);
    }
  }
}
