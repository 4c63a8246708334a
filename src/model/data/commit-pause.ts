import type { Component } from '../../engine/component.js';
import type { SimContext } from '../../engine/context.js';

/** Who resumes a paused request: its tier (records its latency and passes it on). */
export interface PauseOwner {
  stored(request: number): void;
}

/**
 * Galera flow control's pause: a write whose commit must wait for the
 * slowest node's apply queue to drain leaves its server and resumes
 * `seconds` later, by an event. Simplification (documented): the paused
 * writer does not keep its worker slot meanwhile, so flow control caps the
 * cluster's write throughput at its slowest applier and shows as latency,
 * without also filling the slots.
 */
export class CommitPause implements Component {
  constructor(
    private readonly ctx: SimContext,
    private readonly owner: PauseOwner,
  ) {}

  pause(request: number, seconds: number): void {
    this.ctx.schedule(seconds, 0, request);
  }

  handle(_kind: number, request: number): void {
    this.owner.stored(request);
  }
}
