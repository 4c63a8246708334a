import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedDatabase } from '../../scenario/resolved.js';
import type { LinkTable } from '../network/link.js';
import { ReplicationChannel } from './replication.js';
import type { Server } from '../stations/server.js';

/**
 * MySQL master–master replication (Vodkaster: two EG-34 servers kept in
 * sync by a custom script, both serving the front-ends): each server is a
 * master for the requests of its own site — reads and writes stay local —
 * and replicates its writes to the other asynchronously, exactly like a
 * master to a slave (`ReplicationChannel`: link, single SQL thread). So
 * there is a channel into each server, from the other one, and the lag is
 * measured both ways (`databases.<tier>.slaves.<receiving server>`).
 *
 * Not modelled: conflicting concurrent writes to the same rows on both
 * masters (auto-increment offsets, last-writer-wins, or a broken stream in
 * real life). Both masters accept writes even when the link between them
 * is cut (each stream stalls and catches up, as for master→slave).
 */
export function masterMasterChannels(
  servers: readonly Server[],
  spec: Extract<ResolvedDatabase, { replication: 'master-master' }>,
  links: LinkTable,
  streamFor: (name: string) => RandomStream,
): Array<ReplicationChannel | undefined> {
  return servers.map((to, i) => {
    const from = servers[1 - i]!; // exactly two servers (the resolver checks)
    const channel = new ReplicationChannel(
      from.spec.siteIndex,
      links.between(from.spec.siteIndex, to.spec.siteIndex),
      spec.applyTime,
      spec.writeBytes,
      streamFor(`${to.spec.name}#replication`),
    );
    channel.source = from;
    return channel;
  });
}
