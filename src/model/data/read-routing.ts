import { choiceFailure, FailureReason } from '../request/failure-reason.js';
import type { Server } from '../stations/server.js';

/** Read routing modes as numbers, by class (what `ReadRouting.pick` switches on). */
export const READ_ROUND_ROBIN = 0;
export const READ_NEAREST = 1;
export const READ_LOCAL_ONLY = 2;
export const READ_MASTER = 3;

const CODES: Record<string, number> = { 'round-robin': READ_ROUND_ROBIN, nearest: READ_NEAREST, 'local-only': READ_LOCAL_ONLY, master: READ_MASTER };

/** Mode codes by class index ("round-robin" for classes with no mode). */
export function readModeCodes(modes: readonly string[] | undefined, classCount: number): Uint8Array {
  const out = new Uint8Array(classCount);
  modes?.forEach((m, i) => (out[i] = CODES[m] ?? READ_ROUND_ROBIN));
  return out;
}

/**
 * Where a read goes when its class is not round-robin (the default stays in
 * `Database.local`). Every mode uses the balancer's belief (`up`): a dead
 * server not yet seen down still gets reads, which are refused.
 *
 * - nearest: a live server in the request's site, else the live server with
 *   the lowest mean one-way latency from it (ties: round-robin);
 * - local-only: a live server in the request's site (round-robin), else
 *   no backend;
 * - master: the current master (after a failover, the promoted one), else
 *   no backend.
 *
 * The distances are a table built once, so a read costs a scan of the
 * tier's few servers and allocates nothing.
 */
export class ReadRouting {
  /** Mean one-way latency [s] from site s to server i, at s * n + i. */
  private readonly distance: Float64Array;
  private rotate = 0;

  constructor(
    private readonly servers: readonly Server[],
    siteCount: number,
    oneWaySeconds: (a: number, b: number) => number,
  ) {
    const n = servers.length;
    this.distance = new Float64Array(siteCount * n);
    for (let s = 0; s < siteCount; s++) for (let i = 0; i < n; i++) this.distance[s * n + i] = servers[i]!.spec.siteIndex === s ? 0 : oneWaySeconds(s, servers[i]!.spec.siteIndex);
  }

  pick(mode: number, site: number, masterIndex: number): number {
    if (mode === READ_MASTER) return masterIndex >= 0 && this.servers[masterIndex]!.up ? masterIndex : choiceFailure(FailureReason.noBackend);
    const servers = this.servers;
    const n = servers.length;
    const known = site >= 0 && site * n < this.distance.length;
    let best = -1;
    let bestDistance = Infinity;
    for (let k = 0; k < n; k++) {
      const i = (this.rotate + k) % n;
      const s = servers[i]!;
      if (!s.up) continue;
      const d = known ? this.distance[site * n + i]! : s.spec.siteIndex === site ? 0 : Infinity;
      if (mode === READ_LOCAL_ONLY ? s.spec.siteIndex === site : d < bestDistance || best < 0) {
        if (mode === READ_LOCAL_ONLY) {
          best = i;
          break;
        }
        best = i;
        bestDistance = d;
      }
    }
    if (best < 0) return choiceFailure(FailureReason.noBackend);
    this.rotate = best + 1;
    return best;
  }
}
