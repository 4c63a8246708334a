/** The command line with machines and host rules: a mistake exits 2 with its JSON path (no stack trace), and a run is byte-identical whatever the workers. */
import { describe, expect, it } from 'vitest';
import { simulate } from './support/cli.js';
import { tempDir, writeIn } from './support/temp-scenarios.js';

/** nginx + PHP-FPM on 2 machines (VMs on 3 hosts with HA and an anti-affinity rule), PHP autoscaled, random machine failures. */
function scenario(): Record<string, any> {
  return {
    name: 'machines-cli',
    run: { duration: '30min', warmup: '1min', seed: 3, replications: 3 },
    sites: { RBX: {} },
    hosts: { dc: { count: 3, site: 'RBX', capacity: 8, ha: { restart: '2min' }, failures: { mtbf: '4h', mttr: '20min' }, antiAffinity: [['web-1', 'web-2']] } },
    machines: { web: { count: 2, cores: 2, host: 'dc', size: 4, failures: { mtbf: '2h', mttr: '10min' } } },
    traffic: {
      classes: { asset: { share: 4, path: ['nginx'] }, page: { share: 1, path: ['nginx', 'php'] } },
      phases: [{ phase: 'constant', rate: '60/s', duration: '10min' }, { phase: 'ramp', to: '150/s', duration: '10min' }, { phase: 'hold', duration: '10min' }],
    },
    tiers: {
      nginx: { servers: [{ name: 'web', machine: 'web', site: 'RBX', slots: 64 }], serviceTime: { dist: 'exponential', mean: '2ms' }, healthCheck: {} },
      php: {
        servers: [{ name: 'web', machine: 'web', site: 'RBX', slots: 8, queueLimit: 64 }],
        serviceTime: { dist: 'lognormal', mean: '40ms', cv: 1.5 },
        healthCheck: {},
        autoscaling: { group: 'web', max: 4, period: '1min', provisioning: { dist: 'constant', value: '3min' }, policies: [{ metric: 'utilisation', scaleOutAbove: 0.5, scaleInBelow: 0.1 }] },
      },
    },
  };
}

describe('machines on the command line', () => {
  it('a machine that is not defined: exit 2, the file, the JSON path and a suggestion, no stack trace', () => {
    const s = scenario();
    s.tiers.php.servers[0].machine = 'wbe';
    const file = writeIn(tempDir(), 'bad.json', s);
    const r = simulate('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: tiers\.php\.servers\[0\]\.machine: unknown machine "wbe" \(expected one of: web\) — did you mean "web"\?/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the same summary byte for byte with one worker or two', () => {
    const file = writeIn(tempDir(), 'ok.json', scenario());
    const strip = (out: string): string => JSON.stringify({ ...JSON.parse(out), performance: null });
    const one = simulate(file, '--json', '--workers', '1');
    const two = simulate(file, '--json', '--workers', '2');
    expect(one.code, one.stderr).toBeLessThan(2);
    const s = JSON.parse(one.stdout);
    expect(s.tiers.php.built).toBe(4);
    expect(s.tiers.nginx.built).toBe(4);
    expect(strip(two.stdout)).toBe(strip(one.stdout));
  });
});
