/**
 * What a server sees of its network card (a `network/FairShare`, wired by
 * `network/build-cards.ts`): it starts a transfer, and the card calls the
 * server's `transferred(pipe, request, aux)` once the bytes are through.
 * Stations do not import the network folder: this interface is theirs.
 */
export interface CardPort {
  start(token: number, bytes: number, aux: number): void;
}
