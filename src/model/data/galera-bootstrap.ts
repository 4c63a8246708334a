import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';
import type { Server } from '../stations/server.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { GaleraCluster } from './galera.js';

const BOOTSTRAP = 0;

/**
 * A manual bootstrap after a Galera cluster is lost as a whole: once every
 * data node has been down at the same time, the nodes that come back do not
 * form a primary component by themselves (no node knows it has the latest
 * state); an operator bootstraps one (`galera_new_cluster`) `bootstrapAfter`
 * after the first node is back. Until then the cluster has no quorum.
 *
 * It listens to its servers' state changes (placed in front of their watch),
 * so it costs nothing per request.
 */
export class GaleraBootstrap implements Component, StateWatch {
  private pending = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly cluster: GaleraCluster,
    private readonly servers: readonly Server[],
    private readonly bootstrapSeconds: number,
    private readonly next: StateWatch,
  ) {}

  changed(): void {
    const anyAlive = this.servers.some((s) => s.alive);
    if (!anyAlive) this.cluster.lostWhole = true;
    else if (this.cluster.lostWhole && !this.pending) {
      this.pending = true;
      this.ctx.schedule(this.bootstrapSeconds, BOOTSTRAP, 0);
    }
    this.next.changed();
  }

  handle(): void {
    this.pending = false;
    // Everything died again meanwhile: the next return starts another wait.
    if (this.servers.some((s) => s.alive)) this.cluster.lostWhole = false;
    this.next.changed();
  }
}
