import type { Component } from '../engine/component.js';
import type { SimContext } from '../engine/context.js';
import type { ResolvedIncident } from '../scenario/resolved.js';
import type { Server } from './server.js';

const START = 0;
const REPAIR = 1;

/** What happened during an incident, for the summary. */
export interface IncidentRecord {
  description: string;
  startSeconds: number;
  /** When it was repaired [s]; null if not within the run. */
  repairedSeconds: number | null;
  /** Servers it took down. */
  servers: string[];
}

/**
 * Plays scheduled incidents: at `at`, the servers of the target (one server,
 * or every server of a site) crash; after `for`, they are repaired and start
 * again empty. What the balancers in front see depends on their health
 * checks, not on this component.
 */
export class Incidents implements Component {
  readonly records: IncidentRecord[];

  constructor(
    private readonly ctx: SimContext,
    private readonly incidents: readonly ResolvedIncident[],
    private readonly targets: ReadonlyArray<readonly Server[]>,
  ) {
    this.records = incidents.map((inc, i) => ({
      description: inc.description,
      startSeconds: inc.atSeconds,
      repairedSeconds: null,
      servers: targets[i]!.map((s) => s.spec.name),
    }));
  }

  begin(): void {
    this.incidents.forEach((inc, i) => {
      this.ctx.scheduleAt(inc.atSeconds, START, i);
      if (Number.isFinite(inc.forSeconds)) this.ctx.scheduleAt(inc.atSeconds + inc.forSeconds, REPAIR, i);
    });
  }

  handle(kind: number, i: number): void {
    for (const s of this.targets[i]!) {
      if (kind === START) s.die();
      else s.revive();
    }
    if (kind === REPAIR) this.records[i]!.repairedSeconds = this.ctx.now;
  }
}
