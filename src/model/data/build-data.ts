/** Assembly of a tier's data role: the database (async, Galera, master–master) or object store, with its flow control. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario, ResolvedTier } from '../../scenario/resolved.js';
import type { LinkTable } from '../network/link.js';
import type { RequestTable } from '../request/request-table.js';
import type { Tier } from '../stations/tier.js';
import { CommitPause } from './commit-pause.js';
import { Database } from './database.js';
import { GaleraBootstrap } from './galera-bootstrap.js';
import { ReadRouting, readModeCodes } from './read-routing.js';
import { ObjectStore, type ObjectStoreSpec } from './object-store.js';

/** The data role of tier `t`, attached to `tier`, or undefined when the tier has no `database`. */
/** What a data role needs from the request path: the request table, the links, the mean one-way latency between two sites [s]. */
export interface DataPath {
  requests: RequestTable;
  linkTable: LinkTable;
  oneWaySeconds: (a: number, b: number) => number;
}

export function buildDataRole(sim: Simulation, scenario: ResolvedScenario, t: ResolvedTier, tier: Tier, path: DataPath, writes: Uint8Array): Database | undefined {
  if (!t.database) return undefined;
  const { requests, linkTable } = path;
  const db = new Database(t.database, tier.servers, writes, requests, sim.clock, t.serviceTimeByClass, linkTable, (n) => sim.stream(n), path.oneWaySeconds);
  db.setMeasureFrom(scenario.run.warmupSeconds);
  if (t.database.readsByClass) db.routeReads(new ReadRouting(tier.servers, scenario.sites.length, path.oneWaySeconds), readModeCodes(t.database.readsByClass, scenario.classes.length));
  if (t.database.replication === 'galera' && t.database.flowControl) db.pause = sim.add(`${t.name}#flow-control`, (ctx) => new CommitPause(ctx, tier));
  if (t.database.replication === 'object-storage') {
    const spec = t.database as ObjectStoreSpec;
    const bytes = Float64Array.from(scenario.classes, (c) => c.requestBytes);
    db.store = sim.add(`${t.name}#store`, (ctx) => new ObjectStore(ctx, spec, tier.servers, requests, linkTable, tier, bytes));
  }
  tier.database = db;
  return db;
}

/** Galera tiers with `bootstrapAfter`: a manual bootstrap once the whole cluster was lost, listening in front of the servers' watch. */
export function addGaleraBootstraps(sim: Simulation, scenario: ResolvedScenario, tiers: readonly Tier[], databases: ReadonlyArray<Database | undefined>): void {
  scenario.tiers.forEach((t, ti) => {
    const spec = t.database;
    const galera = databases[ti]?.galera;
    if (spec?.replication !== 'galera' || spec.bootstrapAfterSeconds === undefined || galera === undefined) return;
    const seconds = spec.bootstrapAfterSeconds;
    const servers = tiers[ti]!.servers;
    const next = servers[0]!.watch;
    const b = sim.add(`${t.name}#bootstrap`, (ctx) => new GaleraBootstrap(ctx, galera, servers, seconds, next));
    for (const s of servers) s.watch = b;
  });
}
