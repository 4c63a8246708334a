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
