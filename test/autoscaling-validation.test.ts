import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { problemsOf } from './support/run-data.js';

const BASE = JSON.parse(readFileSync(new URL('./fixtures/mm1-small.json', import.meta.url), 'utf8')) as Record<string, any>;

/** The base scenario with an elastic group "s" (2 of at most 4) and prices, then one mistake. */
function broken(mutate: (s: any) => void): unknown {
  const s = structuredClone(BASE);
  s.tiers.station.servers[0].count = 2;
  s.tiers.station.servers[0].price = { perHour: 0.04 };
  s.tiers.station.autoscaling = {
    group: 's',
    min: 1,
    max: 4,
    policies: [{ metric: 'utilisation', scaleOutAbove: 0.7, scaleInBelow: 0.3 }],
    provisioning: { dist: 'constant', value: '4min' },
  };
  mutate(s);
  return s;
}

describe('scenario validation: autoscaling and prices', () => {
  it('accepts the elastic base, with an SLO on the cost', () => {
    expect(problemsOf(broken((s) => (s.slo = { 'cost.run.total': '< 10' })))).toEqual([]);
  });

  const cases: Array<[string, (s: any) => void, RegExp]> = [
    ['an unknown group', (s) => (s.tiers.station.autoscaling.group = 'sx'), /x\.json: tiers\.station\.autoscaling\.group: unknown server group "sx" \(expected one of: s\) — did you mean "s"\?/],
    ['min above max', (s) => (s.tiers.station.autoscaling.min = 5), /x\.json: tiers\.station\.autoscaling\.min: the minimum \(5\) is above the maximum \(4\) — lower "min" or raise "max"/],
    ['a start count outside the bounds', (s) => (s.tiers.station.servers[0].count = 6), /x\.json: tiers\.station\.servers\[0\]\.count: the elastic group "s" starts with 6 instances, outside the autoscaling bounds \[1, 4\]/],
    ['a policy without thresholds', (s) => (s.tiers.station.autoscaling.policies = [{ metric: 'queue' }]), /x\.json: tiers\.station\.autoscaling\.policies\[0\]: a policy needs "scaleOutAbove", "scaleInBelow" or both/],
    ['thresholds that would flap', (s) => (s.tiers.station.autoscaling.policies[0].scaleInBelow = 0.8), /x\.json: tiers\.station\.autoscaling\.policies\[0\]\.scaleInBelow: the scale-in threshold \(0\.8\) is not below the scale-out threshold \(0\.7\)/],
    ['an unknown metric', (s) => (s.tiers.station.autoscaling.policies[0].metric = 'cpu'), /x\.json: tiers\.station\.autoscaling\.policies\[0\]\.metric: .*"cpu"/],
    ['a provisioning delay without a unit', (s) => (s.tiers.station.autoscaling.provisioning.value = 240), /x\.json: tiers\.station\.autoscaling\.provisioning\.value: expected a quantity with a unit, got the plain number 240/],
    ['a scheduled count above the group built', (s) => (s.tiers.station.autoscaling.scheduled = [{ at: '1min', desired: 9 }]), /x\.json: tiers\.station\.autoscaling\.scheduled\[0\]\.desired: at most 4 instances are built/],
    ['a zero period', (s) => (s.tiers.station.autoscaling.period = '0s'), /x\.json: tiers\.station\.autoscaling\.period: must be longer than zero/],
    ['both a monthly and an hourly price', (s) => (s.tiers.station.servers[0].price = { perHour: 0.04, perMonth: 149 }), /x\.json: tiers\.station\.servers\[0\]\.price: give exactly one of "perMonth" .* and "perHour"/],
    ['an elastic group billed by the month', (s) => (s.tiers.station.servers[0].price = { perMonth: 149 }), /x\.json: tiers\.station\.servers\[0\]\.price\.perMonth: the elastic group "s" starts and stops instances: price it "perHour"/],
    ['a backup without its price', (s) => (s.tiers.station.servers[0].price.backup = true), /x\.json: tiers\.station\.servers\[0\]\.price\.backup: backed-up servers need a backup price — add "cost": \{ "backup": \{ "perVmMonth": 8\.5 \} \}/],
    ['a negative price', (s) => (s.cost = { egress: { perGB: -1 } }), /x\.json: cost\.egress\.perGB: /],
    ['a storage size without a unit', (s) => (s.cost = { storage: [{ name: 'static', size: '60', perGBMonth: 0.01 }] }), /x\.json: cost\.storage\[0\]\.size: /],
  ];
  for (const [what, mutate, expected] of cases) {
    it(`reports ${what}`, () => {
      const problems = problemsOf(broken(mutate));
      expect(problems.length, `no problem reported for: ${what}`).toBeGreaterThan(0);
      expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
    });
  }
});
