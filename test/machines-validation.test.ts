/** Validation of shared machines and host placement rules: every mistake is named by its JSON path, with a suggestion. */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { problemsOf } from './support/run-data.js';

/** nginx and PHP-FPM on two "web" machines of 4 cores, on three hosts; then one mistake. */
function broken(mutate: (s: any) => void): unknown {
  const s: any = {
    name: 'machines',
    run: { duration: '10min', seed: 1 },
    sites: { RBX: {}, SBG: {} },
    hosts: { esx: { count: 3, site: 'RBX', capacity: 8 } },
    machines: { web: { count: 2, cores: 4 } },
    traffic: { classes: { page: { share: 1, path: ['nginx', 'php'] } }, phases: [{ phase: 'constant', rate: '10/s', duration: '10min' }] },
    tiers: {
      nginx: { servers: [{ name: 'web', machine: 'web', site: 'RBX', slots: 64 }], serviceTime: { dist: 'exponential', mean: '2ms' } },
      php: { servers: [{ name: 'web', machine: 'web', site: 'RBX', slots: 8 }], serviceTime: { dist: 'exponential', mean: '50ms' } },
      mysql: { servers: [{ name: 'db', count: 3, site: 'RBX', host: 'esx', size: 2, slots: 8 }], serviceTime: { dist: 'exponential', mean: '2ms' } },
    },
  };
  s.traffic.classes.page.path.push('mysql');
  mutate(s);
  return s;
}

describe('scenario validation: machines', () => {
  it('accepts the base', () => {
    expect(problemsOf(broken(() => {}))).toEqual([]);
  });

  const cases: Array<[string, (s: any) => void, RegExp]> = [
    ['an unknown machine', (s) => (s.tiers.php.servers[0].machine = 'wbe'), /x\.json: tiers\.php\.servers\[0\]\.machine: unknown machine "wbe" \(expected one of: web\) — did you mean "web"\?/],
    ['a count that is not the machine\'s', (s) => (s.tiers.php.servers[0].count = 3), /x\.json: tiers\.php\.servers\[0\]\.count: machine "web" has 2 instances: this group has one server on each — remove "count"/],
    ['cores on a group of a machine', (s) => (s.tiers.php.servers[0].cores = 2), /x\.json: tiers\.php\.servers\[0\]\.cores: the tiers of machine "web" share its 4 cores/],
    ['a host on a group of a machine', (s) => (s.tiers.php.servers[0].host = 'esx'), /x\.json: tiers\.php\.servers\[0\]\.host: the servers of machine "web" are placed with it — remove "host" here and set "host" on machines\.web/],
    ['groups of one machine in two sites', (s) => (s.tiers.php.servers[0].site = 'SBG'), /x\.json: tiers\.php\.servers\[0\]\.site: machine "web" is in RBX .*not in SBG/],
    ['two groups of a tier on one machine', (s) => s.tiers.php.servers.push({ name: 'web2', machine: 'web', site: 'RBX', slots: 8 }), /x\.json: tiers\.php\.servers\[1\]\.machine: tier "php" already has a server group on machine "web"/],
    ['an incident on an unknown machine', (s) => (s.incidents = [{ at: '1min', machine: 'web-3' }]), /x\.json: incidents\[0\]\.machine: unknown machine "web-3" \(expected one of: web-1, web-2\)/],
    ['a machine and a server in one incident', (s) => (s.incidents = [{ at: '1min', machine: 'web-1', server: 'php/web-1' }]), /x\.json: incidents\[0\]: name exactly one of "server", "host", "machine"/],
    ['a machine without a unit in its failures', (s) => (s.machines.web.failures = { mtbf: 30, mttr: '1h' }), /x\.json: machines\.web\.failures\.mtbf: /],
    ['an unknown host group for a machine', (s) => (s.machines.web.host = 'esxi'), /x\.json: machines\.web\.host: unknown host group "esxi"/],
    ['Fault Tolerance for a machine off hosts', (s) => (s.machines.web.faultTolerant = true), /x\.json: machines\.web\.faultTolerant: Fault Tolerance keeps a shadow VM on another host: it needs "host"/],
    ['a machine autoscaled from two tiers', (s) => {
      const a = { group: 'web', max: 3, provisioning: { dist: 'constant', value: '1min' } };
      s.tiers.nginx.autoscaling = a;
      s.tiers.php.autoscaling = a;
    }, /x\.json: tiers\.php\.autoscaling\.group: machine "web" is already autoscaled by tier "nginx"/],
  ];
  for (const [what, mutate, expected] of cases) {
    it(`reports ${what}`, () => {
      const problems = problemsOf(broken(mutate));
      expect(problems.length, `no problem reported for: ${what}`).toBeGreaterThan(0);
      expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
    });
  }

  it('warns about a machine no tier uses', () => {
    const { warnings } = resolveScenarioData(broken((x) => (x.machines.spare = { cores: 2 })), 'x.json');
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toContain('machines.spare: no server group is on machine "spare"');
  });
});
