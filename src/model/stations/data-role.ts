import type { Server } from './server.js';

/** What `DataRole.served` answers. */
export const SERVED_CONTINUE = 0;
export const SERVED_CONSUMED = 1;
export const SERVED_ABORTED = 2;

/**
 * What a tier asks of the data role behind it (a replicated database, a
 * Galera cluster, an object store), on the request path. The tier calls
 * this and nothing else, so stations know no kind of database: a new kind
 * implements these six methods in `../data/` and the tier is unchanged.
 */
export interface DataRole {
  /** The server (index in the tier) for this request, or `choiceFailure(reason)`. */
  choose(request: number): number;
  /** A service time forced by the role [s] (a Galera write certified by the group), or −1 to draw one. */
  serviceSeconds(request: number, server: Server): number;
  /** True when the role took the request off the tier's hands (an object-storage PUT fanned out to replicas). */
  takes(request: number, server: Server): boolean;
  /** The request will not be served after all (its server's queue was full). */
  forgetAbort(request: number): void;
  /** A server finished the request: SERVED_CONTINUE, SERVED_CONSUMED or SERVED_ABORTED. */
  served(request: number, server: Server): number;
  /** A dying server lost the request: true when it was the role's own work (handled there). */
  lostByStore(request: number, how: number): boolean;
}
