/**
 * Resolution of shared machines (`machines`, and the server groups that
 * name one with "machine"): each machine instance carries one server of
 * every tier placed on it. Two steps:
 *
 * - `applyMachineCounts`, before the tiers are resolved: checks the groups
 *   against their machines and gives each group on a machine the machine's
 *   count (all the instances an autoscaled machine may have, for the tiers
 *   it carries besides the elastic one), so the tiers build the servers;
 * - `attachMachines`, after: ties each server to its machine instance (the
 *   machine's cores, its host placement as one VM per machine instance).
 */
import type { Collector, Path } from './collector.js';
import { builtCount } from './resolve-elastic.js';
import { resolveFailures } from './resolve-failures.js';
import type { ResolvedMachine } from './resolved-machines.js';
import type { IncidentTarget, ResolvedPlacement, ResolvedServer, ResolvedTier } from './resolved.js';
import type { ScenarioParsed } from './schema.js';
import { MAX_SERVERS } from './size-limits.js';

type MachineSpec = NonNullable<ScenarioParsed['machines']>[string];

/** Per machine name: the tier that autoscales it and the most instances it may have. */
function elasticMachines(c: Collector, parsed: ScenarioParsed): Map<string, { tier: string; max: number }> {
  const out = new Map<string, { tier: string; max: number }>();
  for (const [tierName, t] of Object.entries(parsed.tiers)) {
    const g = t.autoscaling && t.servers.find((s) => s.name === t.autoscaling!.group);
    if (!g?.machine || !parsed.machines?.[g.machine]) continue;
    const other = out.get(g.machine);
    if (other) c.error(['tiers', tierName, 'autoscaling', 'group'], `machine "${g.machine}" is already autoscaled by tier "${other.tier}"`, 'autoscale a machine from one of its tiers only');
    else out.set(g.machine, { tier: tierName, max: t.autoscaling!.max });
  }
  return out;
}

/** Checks of one server group on a machine (its own placement, cores and count belong to the machine). */
function checkGroup(c: Collector, gpath: Path, g: ScenarioParsed['tiers'][string]['servers'][number], name: string, m: MachineSpec): void {
  if (g.host !== undefined) c.error([...gpath, 'host'], `the servers of machine "${name}" are placed with it`, `remove "host" here and set "host" on machines.${name}`);
  if (g.faultTolerant) c.error([...gpath, 'faultTolerant'], `Fault Tolerance protects the whole machine "${name}"`, `set "faultTolerant" on machines.${name}`);
  if (g.cores !== undefined) c.error([...gpath, 'cores'], `the tiers of machine "${name}" share its ${m.cores} cores`, `remove "cores" here (set machines.${name}.cores)`);
  if (g.count !== 1 && g.count !== m.count) c.error([...gpath, 'count'], `machine "${name}" has ${m.count} instances: this group has one server on each`, 'remove "count" (it is the machine\'s)');
}

/**
 * Check the groups on machines and give each the machine's count. Returns
 * the scenario with those counts (unchanged without machines).
 */
export function applyMachineCounts(c: Collector, parsed: ScenarioParsed): ScenarioParsed {
  const machines = parsed.machines ?? {};
  const names = Object.keys(machines);
  if (names.length === 0 && !Object.values(parsed.tiers).some((t) => t.servers.some((g) => g.machine !== undefined))) return parsed;
  const elastic = elasticMachines(c, parsed);
  const used = new Set<string>();
  const tiers: ScenarioParsed['tiers'] = {};
  for (const [tierName, t] of Object.entries(parsed.tiers)) {
    const onThisTier = new Set<string>();
    const servers = t.servers.map((g, gi) => {
      if (g.machine === undefined) return g;
      const gpath: Path = ['tiers', tierName, 'servers', gi];
      if (!c.reference([...gpath, 'machine'], g.machine, names, 'machine')) return g;
      const m = machines[g.machine]!;
      used.add(g.machine);
      if (onThisTier.has(g.machine)) c.error([...gpath, 'machine'], `tier "${tierName}" already has a server group on machine "${g.machine}"`, 'one group per tier and machine');
      onThisTier.add(g.machine);
      checkGroup(c, gpath, g, g.machine, m);
      const e = elastic.get(g.machine);
      const isElastic = e?.tier === tierName;
      if (isElastic && m.faultTolerant) c.error(['machines', g.machine, 'faultTolerant'], 'Fault Tolerance for elastic instances is not modelled (their shadows would need placing as they start)', 'remove "faultTolerant" from the autoscaled machine');
      if (e && !isElastic && g.price) c.error([...gpath, 'price'], `machine "${g.machine}" is autoscaled by tier "${e.tier}": price it there`, 'remove "price" here');
      const built = e && !isElastic ? Math.max(m.count, e.max) : m.count;
      if (built > MAX_SERVERS) {
        c.error(['machines', g.machine, 'count'], `at most ${MAX_SERVERS.toLocaleString('en-US')} servers are simulated`, 'use fewer, larger machines');
        return g;
      }
      return { ...g, count: built };
    });
    tiers[tierName] = { ...t, servers };
  }
  for (const name of names) if (!used.has(name)) c.warn(['machines', name], `no server group is on machine "${name}"`, 'name it with "machine" in a tier\'s servers, or remove it');
  return { ...parsed, tiers };
}

/** The servers of each group on a machine, by tier: [tier index, group index, server indices in the tier]. */
function machineGroups(parsed: ScenarioParsed): Array<{ ti: number; tierName: string; gi: number; indices: number[] }> {
  const out: Array<{ ti: number; tierName: string; gi: number; indices: number[] }> = [];
  Object.entries(parsed.tiers).forEach(([tierName, t], ti) => {
    let next = 0;
    t.servers.forEach((g, gi) => {
      const n = builtCount(t, g);
      if (g.machine !== undefined && parsed.machines?.[g.machine]) out.push({ ti, tierName, gi, indices: Array.from({ length: n }, (_, k) => next + k) });
      next += n;
    });
  });
  return out;
}

export interface MachineScope {
  siteNames: readonly string[];
  hostGroupNames: readonly string[];
  /** Collects the VMs to place on hosts (one per machine instance on hosts). */
  vms: Array<{ path: Path; server: ResolvedServer }>;
}

/** Tie each server on a machine to its instance; returns the machines (undefined without any). */
export function attachMachines(c: Collector, parsed: ScenarioParsed, tiers: readonly ResolvedTier[], scope: MachineScope): ResolvedMachine[] | undefined {
  const machines = parsed.machines;
  if (!machines || Object.keys(machines).length === 0) return undefined;
  const names = Object.keys(machines);
  const sites = new Map<string, { site: number; path: Path }>();
  const vmOf = new Map<string, ResolvedPlacement>();
  const groups = machineGroups(parsed);
  for (const { ti, tierName, gi, indices } of groups) {
    const t = parsed.tiers[tierName]!;
    const g = t.servers[gi]!;
    const name = g.machine!;
    const mi = names.indexOf(name);
    const m = machines[name]!;
    const gpath: Path = ['tiers', tierName, 'servers', gi];
    const first = sites.get(name);
    const site = scope.siteNames.indexOf(g.site);
    if (first && site >= 0 && first.site >= 0 && first.site !== site) {
      c.error([...gpath, 'site'], `machine "${name}" is in ${scope.siteNames[first.site]} (${first.path.join('.')}), not in ${g.site}`, `set "site": "${scope.siteNames[first.site]}"`);
    } else if (!first) sites.set(name, { site, path: gpath });
    const initial = t.autoscaling?.group === g.name ? (t.autoscaling.initial ?? m.count) : Infinity;
    const group = m.host === undefined ? -1 : scope.hostGroupNames.indexOf(m.host);
    indices.forEach((si, k) => {
      const server = tiers[ti]?.servers[si];
      if (!server) return;
      server.machine = { machine: mi, instance: k };
      server.cores = m.cores;
      if (group < 0) return;
      const vm = `${name}-${k + 1}`;
      let placement = vmOf.get(vm);
      if (!placement) {
        placement = { group, size: m.size, faultTolerant: m.faultTolerant, host: -1, vm };
        vmOf.set(vm, placement);
        scope.vms.push({ path: ['machines', name], server });
      }
      if (k >= initial) placement.startsOff = true;
      server.placement = placement;
    });
  }
  return names.map((name) => {
    const m = machines[name]!;
    const failures = resolveFailures(c, ['machines', name, 'failures'], m.failures);
    if (m.host !== undefined) c.reference(['machines', name, 'host'], m.host, scope.hostGroupNames, 'host group');
    else if (m.faultTolerant) c.error(['machines', name, 'faultTolerant'], 'Fault Tolerance keeps a shadow VM on another host: it needs "host"', 'add "host": "<host group>"');
    const built = Math.max(0, ...groups.filter((x) => parsed.tiers[x.tierName]!.servers[x.gi]!.machine === name).map((x) => x.indices.length));
    return { name, count: built, cores: m.cores, siteIndex: sites.get(name)?.site ?? -1, ...(failures ? { failures } : {}) };
  });
}

/** An incident naming a machine instance, "<machine>-<n>". */
export function resolveMachineIncident(c: Collector, path: Path, name: string, machines: readonly ResolvedMachine[]): IncidentTarget | undefined {
  const known = machines.flatMap((m) => Array.from({ length: m.count }, (_, k) => `${m.name}-${k + 1}`));
  if (!c.reference(path, name, known, 'machine')) return undefined;
  const dash = name.lastIndexOf('-');
  return { kind: 'machine', machine: machines.findIndex((m) => m.name === name.slice(0, dash)), instance: Number(name.slice(dash + 1)) - 1 };
}
