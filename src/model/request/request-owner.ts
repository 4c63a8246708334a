/**
 * Who waits for a request's outcome besides the statistics: a closed
 * population's user (who thinks, then sends the next one) or a batch's job
 * (which sends its next request or completes). The flow tells the owner
 * once per logical request, when the client sees the outcome: success, or
 * the failure of its last attempt (a timeout included: the user does not
 * wait for the orphan).
 */
export interface RequestOwner {
  /** `request` is still readable in the table (arrival, ownerSlot) during the call. */
  settled(request: number, ok: boolean): void;
}
