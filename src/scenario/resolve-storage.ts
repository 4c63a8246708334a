/**
 * Resolution of the master–master and object-storage database kinds.
 */
import { buildDistribution } from './build-distribution.js';
import type { Collector, Path } from './collector.js';
import type { ResolvedDatabase, ResolvedServer } from './resolved.js';
import type { DistributionSpec, ScenarioParsed } from './schema.js';

type DatabaseSpec = NonNullable<ScenarioParsed['tiers'][string]['database']>;
type StorageSpec = Extract<DatabaseSpec, { replication: 'master-master' | 'object-storage' }>;

export function resolveStorageDatabase(c: Collector, path: Path, db: StorageSpec, servers: readonly ResolvedServer[]): ResolvedDatabase | undefined {
  if (db.replication === 'master-master') {
    if (servers.length !== 2) {
      c.error([...path, 'replication'], `master-master replication needs exactly two servers, the tier has ${servers.length}`, 'use "async" (one master, slaves) or "galera" for more');
      return undefined;
    }
    const applyTime = buildDistribution(c, [...path, 'applyTime'], db.applyTime as DistributionSpec);
    if (!applyTime) return undefined;
    return { replication: 'master-master', applyTime, writeBytes: c.bytes([...path, 'writeSize'], db.writeSize) };
  }
  const replicas = db.replicas;
  if (replicas > servers.length) {
    c.error([...path, 'replicas'], `${replicas} replicas need at least ${replicas} servers, the tier has ${servers.length}`, `add servers or set "replicas": ${servers.length}`);
  }
  const writeQuorum = db.writeQuorum ?? Math.floor(replicas / 2) + 1;
  if (writeQuorum > replicas) c.error([...path, 'writeQuorum'], `cannot exceed the ${replicas} replicas, got ${writeQuorum}`, `Swift waits for a majority: ${Math.floor(replicas / 2) + 1}`);
  let reReplication: Extract<ResolvedDatabase, { replication: 'object-storage' }>['reReplication'];
  if (db.reReplication) {
    const r = db.reReplication;
    const rp: Path = [...path, 'reReplication'];
    const intervalSeconds = c.seconds([...rp, 'interval'], r.interval);
    if (!(intervalSeconds > 0)) c.error([...rp, 'interval'], `must be longer than zero, got ${JSON.stringify(r.interval)}`, 'Swift\'s replicator runs every "30s"');
    const jobTime = buildDistribution(c, [...rp, 'jobTime'], r.jobTime as DistributionSpec);
    if (jobTime) {
      reReplication = { intervalSeconds, durationSeconds: c.seconds([...rp, 'duration'], r.duration), ratePerSecond: c.perSecond([...rp, 'rate'], r.rate), jobTime };
    }
  }
  return { replication: 'object-storage', replicas, writeQuorum, ...(reReplication ? { reReplication } : {}) };
}

type GaleraSpec = Extract<DatabaseSpec, { replication: 'galera' }>;

export function resolveGaleraExtras(
  c: Collector,
  path: Path,
  db: GaleraSpec,
  servers: readonly ResolvedServer[] = [],
): Pick<Extract<ResolvedDatabase, { replication: 'galera' }>, 'flowControl' | 'conflictProbability' | 'retryAutocommit' | 'nodeWeights' | 'bootstrapAfterSeconds'> {
  const local = servers.map((s) => s.name.slice(s.name.indexOf('/') + 1));
  let nodeWeights: number[] | undefined;
  if (db.nodeWeights !== undefined) {
    const weights = local.map(() => 1);
    for (const [name, w] of Object.entries(db.nodeWeights)) if (c.reference([...path, 'nodeWeights', name], name, local, 'server')) weights[local.indexOf(name)] = w;
    nodeWeights = weights;
  }
  const applyTime = db.applyTime === undefined ? undefined : buildDistribution(c, [...path, 'applyTime'], db.applyTime as DistributionSpec);
  return {
    ...(applyTime ? { flowControl: { applyTime, limit: db.flowControlLimit } } : {}),
    conflictProbability: db.conflictProbability,
    retryAutocommit: db.retryAutocommit,
    ...(nodeWeights ? { nodeWeights } : {}),
    ...(db.bootstrapAfter !== undefined ? { bootstrapAfterSeconds: c.seconds([...path, 'bootstrapAfter'], db.bootstrapAfter) } : {}),
  };
}
