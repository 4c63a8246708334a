/**
 * Resolved objects with every optional behaviour off, for code that builds
 * a scenario directly (benchmarks, tests) rather than from a file.
 */
import type { Distribution } from '../rng/distributions.js';
import type { ResolvedClass, ResolvedServer, ResolvedTier } from './resolved.js';

export function plainClass(name: string, share: number, path: number[]): ResolvedClass {
  return {
    name,
    share,
    path,
    write: false,
    timeoutSeconds: Infinity,
    retries: 0,
    retryAfterSeconds: 0,
    requestBytes: 1000,
    responseBytes: 10_000,
  };
}

export function plainServer(name: string, slots: number, queueLimit = Infinity, speed = 1, weight = 1, site = 'X', siteIndex = 0): ResolvedServer {
  return { name, site, siteIndex, slots, cores: slots, queueLimit, speed, weight };
}

export function plainTier(
  name: string,
  servers: ResolvedServer[],
  serviceTimeByClass: Array<Distribution | undefined>,
  balancer: ResolvedTier['balancer'] = 'round-robin',
): ResolvedTier {
  return { name, balancer, dnsTtlSeconds: 300, dnsUpdateSeconds: Infinity, discipline: 'fifo', hold: false, balancerRedundancy: { kind: 'single', takeoverSeconds: 0 }, servers, serviceTimeByClass };
}
