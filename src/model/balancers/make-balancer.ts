/** The balancing policy of a tier, built from its validated spec: a new policy is a file here and a case below. */
import type { Clock } from '../../engine/clock.js';
import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedTier } from '../../scenario/resolved.js';
import type { Balancer } from './balancer.js';
import { ByKey, KEY_HASH, KEY_MODULO, KEY_STICKY } from './by-key.js';
import { ConsistentHash } from './consistent-hash.js';
import { DnsRoundRobin } from './dns-round-robin.js';
import { IpFailoverBalancer } from './ip-failover.js';
import { LeastConnections } from './least-connections.js';
import { PowerOfTwo } from './power-of-two.js';
import { RandomBalancer } from './random.js';
import { RoundRobin } from './round-robin.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

export function makeBalancer(tier: ResolvedTier, rng: RandomStream, clock: Clock, clients: number): Balancer {
  switch (tier.balancer) {
    case 'round-robin':
    case 'site-local': // database tiers route by site themselves; the policy is unused there
      return new RoundRobin();
    case 'weighted-round-robin':
      return new WeightedRoundRobin(tier.servers.map((s) => s.weight));
    case 'least-connections':
      return new LeastConnections();
    case 'random':
      return new RandomBalancer(rng);
    case 'power-of-two':
      return new PowerOfTwo(rng);
    case 'consistent-hash':
      return new ConsistentHash(tier.servers.map((s) => s.name));
    case 'dns-round-robin':
      return new DnsRoundRobin(clock, clients, tier.dnsTtlSeconds);
    case 'ip-failover':
      return new IpFailoverBalancer(tier.ipFailover?.masterIndex ?? 0);
    case 'by-key': {
      const byKey = tier.byKey!;
      const map = byKey.map === 'modulo' ? KEY_MODULO : byKey.map === 'consistent-hash' ? KEY_HASH : KEY_STICKY;
      return new ByKey(map, byKey.ownerDown === 'next', tier.servers.map((s) => s.name), byKey.keys);
    }
  }
}
