/**
 * Initial placement of VMs on their hosts, as DRS would do it at power-on:
 * each VM in turn on the host of its group with the most room left (lowest
 * index first), skipping hosts that already hold a VM it must be kept apart
 * from (the group's `antiAffinity` rules); then each Fault Tolerance VM's
 * shadow on another host, where it reserves the VM's size. A VM is a server,
 * or a machine instance with every tier on it (they share one placement).
 * Elastic instances not serving at the start are placed when powered on.
 *
 * Greedy, in declaration order: an error names the VM that found no host.
 */
import type { Collector, Path } from './collector.js';
import type { ResolvedHostGroup, ResolvedPlacement, ResolvedServer } from './resolved.js';
import type { ScenarioParsed } from './schema.js';

interface Vm {
  name: string;
  path: Path;
  placement: ResolvedPlacement;
  server: ResolvedServer;
}

/** Per host group: the VM names of each anti-affinity rule, checked against the VMs of the group. */
function resolveRules(c: Collector, g: ResolvedHostGroup, gi: number, rules: string[][] | undefined, vms: readonly Vm[]): string[][] {
  if (!rules) return [];
  const names = vms.filter((v) => v.placement.group === gi).map((v) => v.name);
  return rules.map((rule, ri) => {
    const path: Path = ['hosts', g.name, 'antiAffinity', ri];
    const known = rule.filter((name, k) => c.reference([...path, k], name, names, `VM on hosts "${g.name}"`));
    if (new Set(rule).size !== rule.length) c.error(path, 'a VM is listed twice in this rule');
    if (rule.length > g.count) {
      c.error(path, `${rule.length} VMs must run on different hosts but "${g.name}" has ${g.count}`, `add hosts ("count": ${rule.length}) or split the rule`);
    }
    return known;
  });
}

/** The host with the most room for `size` that is not `blocked`; -1 if none. */
function roomiest(free: readonly number[], size: number, blocked: (h: number) => boolean): number {
  let best = -1;
  for (let h = 0; h < free.length; h++) if (free[h]! >= size && !blocked(h) && (best < 0 || free[h]! > free[best]!)) best = h;
  return best;
}

export function placeVmsWithRules(
  c: Collector,
  groups: readonly ResolvedHostGroup[],
  entries: ReadonlyArray<{ path: Path; server: ResolvedServer }>,
  siteNames: readonly string[],
  hosts: ScenarioParsed['hosts'],
): void {
  const vms: Vm[] = entries.map(({ path, server }) => ({ name: server.placement!.vm ?? server.name, path, placement: server.placement!, server }));
  const rulesOf = groups.map((g, gi) => {
    const rules = resolveRules(c, g, gi, hosts?.[g.name]?.antiAffinity, vms);
    if (rules.length > 0) g.antiAffinity = rules;
    return rules;
  });
  const free = groups.map((g) => new Array<number>(g.count).fill(g.capacity));
  /** Per group, per host: the VM names on it. */
  const on = groups.map((g) => Array.from({ length: g.count }, () => new Set<string>()));
  const apartFrom = (gi: number, name: string): string[] => rulesOf[gi]!.filter((r) => r.includes(name)).flat().filter((n) => n !== name);
  for (const vm of vms) {
    const p = vm.placement;
    const g = groups[p.group]!;
    if (vm.server.siteIndex >= 0 && g.siteIndex >= 0 && vm.server.siteIndex !== g.siteIndex) {
      c.error([...vm.path, 'site'], `these VMs run on hosts "${g.name}" in ${siteNames[g.siteIndex]}, not in ${siteNames[vm.server.siteIndex]}`, `set "site": "${siteNames[g.siteIndex]}"`);
    }
    if (p.startsOff) continue;
    const apart = apartFrom(p.group, vm.name);
    const h = roomiest(free[p.group]!, p.size, (x) => apart.some((n) => on[p.group]![x]!.has(n)));
    if (h < 0) {
      const why = apart.length > 0 ? ` apart from ${apart.join(', ')} (anti-affinity)` : '';
      c.error([...vm.path, 'host'], `no host of "${g.name}" has room for ${vm.name}${why} (size ${p.size}; ${g.count} hosts of capacity ${g.capacity})`, 'add hosts, raise "capacity" or lower "size"');
      return;
    }
    free[p.group]![h]! -= p.size;
    on[p.group]![h]!.add(vm.name);
    p.host = h;
  }
  placeShadows(c, groups, vms, free);
}

/** Each Fault Tolerance VM's shadow, on another host of its group where it reserves the VM's size. */
function placeShadows(c: Collector, groups: readonly ResolvedHostGroup[], vms: readonly Vm[], free: number[][]): void {
  for (const vm of vms) {
    const p = vm.placement;
    if (!p.faultTolerant || p.startsOff) continue;
    const g = groups[p.group]!;
    const h = roomiest(free[p.group]!, p.size, (x) => x === p.host);
    if (h < 0) {
      c.error([...vm.path, 'faultTolerant'], `no other host of "${g.name}" has room for the Fault Tolerance shadow of ${vm.name} (size ${p.size}; it reserves that much on another host)`, g.count < 2 ? 'FT needs at least two hosts' : 'add hosts or raise "capacity"');
      return;
    }
    free[p.group]![h]! -= p.size;
    p.shadowHost = h;
  }
}
