import type { Component } from '../../engine/component.js';

/**
 * Told whenever something changes whether requests can be served: a server
 * dies or comes back, a balancer changes its mind about a backend, a
 * balancer itself fails. The availability meter listens (it integrates the
 * servable fraction of traffic over time); nothing on the request path
 * calls it.
 */
export interface StateWatch {
  changed(): void;
}

/** The default: nobody listens. */
export const NO_WATCH: StateWatch = { changed() {} };

/** Tells `a`, then `b`. */
export function bothWatches(a: StateWatch, b: StateWatch): StateWatch {
  return {
    changed(): void {
      a.changed();
      b.changed();
    },
  };
}

/**
 * Wrap a component whose events may change what can be served (a
 * promotion, an IP moved, an instance added, a restore done): the watch
 * is told after each of its events. Such components act rarely (never per
 * request), so the extra call costs nothing that matters.
 */
export function watched<C extends Component>(component: C, watch: StateWatch): C {
  const handle = component.handle.bind(component);
  component.handle = (kind: number, arg: number): void => {
    handle(kind, arg);
    watch.changed();
  };
  return component;
}
