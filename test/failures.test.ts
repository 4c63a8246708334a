/**
 * Random failures, correlated failures and VMware HA / FT against
 * reliability theory: a single component's availability MTBF/(MTBF+MTTR),
 * two replicas behind a health-checked balancer, requests failed during an
 * outage, hosts taking their VMs down.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { buildModel } from '../src/model/build.js';
import type { Summary } from '../src/run/summary.js';
import type { IncidentRecord } from '../src/model/meters/incident-log.js';
import { linkRecoveries } from '../src/run/incident-links.js';
import { problemsOf, runData as run } from './support/run-data.js';

const problems = (data: unknown): string => problemsOf(data).join('\n');

interface WebOptions {
  servers?: number;
  failures?: unknown;
  healthCheck?: unknown;
  duration?: string;
  rate?: string;
  seed?: number;
  extraGroup?: Record<string, unknown>;
  group?: Record<string, unknown>;
  hosts?: unknown;
  incidents?: unknown[];
  sites?: Record<string, unknown>;
}

/** Servers behind a round-robin balancer; light traffic (availability by time needs none, by requests a little). */
function web(o: WebOptions): unknown {
  return {
    name: 'failures',
    run: { duration: o.duration ?? '1000h', seed: o.seed ?? 5 },
    sites: o.sites ?? { RBX: {} },
    ...(o.hosts ? { hosts: o.hosts } : {}),
    traffic: {
      classes: { req: { share: 1, path: ['web'] } },
      phases: [{ phase: 'constant', rate: o.rate ?? '0.05/s', duration: o.duration ?? '1000h' }],
    },
    tiers: {
      web: {
        ...(o.healthCheck ? { healthCheck: o.healthCheck } : {}),
        servers: [
          { name: 'w', count: o.servers ?? 1, site: 'RBX', slots: 4, ...(o.failures ? { failures: o.failures } : {}), ...o.group },
          ...(o.extraGroup ? [o.extraGroup] : []),
        ],
        serviceTime: { dist: 'exponential', mean: '10ms' },
      },
    },
    ...(o.incidents ? { incidents: o.incidents } : {}),
  };
}

/** |measured − expected| within `k` half-widths of the 95% interval (k = 2: about 4 standard errors). */
function expectWithinCi(s: Summary, expected: number, k = 2): void {
  const ci = s.availability.timeCI95!;
  expect(ci.halfWidth95).not.toBeNull();
  expect(Math.abs(ci.mean - expected)).toBeLessThanOrEqual(k * ci.halfWidth95!);
}

describe('random failures (MTBF/MTTR)', () => {
  it('a single server with exponential MTBF 10 h and MTTR 1 h is available MTBF/(MTBF+MTTR) = 10/11 of the time', () => {
    const s = run(web({ failures: { mtbf: '10h', mttr: '1h' } }), 8);
    expectWithinCi(s, 10 / 11);
    // The interval is tight enough to mean something: ± under 1 point.
    expect(s.availability.timeCI95!.halfWidth95!).toBeLessThan(0.01);
    // With no health check, requests sent to the dead server are refused: by requests it is the same fraction.
    expect(Math.abs(s.availability.requests! - 10 / 11)).toBeLessThan(0.02);
    expect(s.requests.failedBy.refused).toBeGreaterThan(0);
    // Full outage time ≈ (1 − A) of the run.
    expect(s.availability.fullOutageSeconds / 3.6e6).toBeCloseTo(1 / 11, 1);
  });

  it('Weibull times to failure: availability depends only on the means (alternating renewal)', () => {
    // Weibull shape 2, scale 10 h: mean = 10 h · Γ(1.5) = 8.862 h; repairs constant 2 h.
    const meanUp = 10 * 0.886226925;
    const s = run(web({ failures: { mtbf: { dist: 'weibull', shape: 2, scale: '10h' }, mttr: { dist: 'constant', value: '2h' } } }), 8);
    expectWithinCi(s, meanUp / (meanUp + 2));
    expect(s.incidentStats.meanTimeToRepairSeconds).toBeCloseTo(7200, 0);
  });

  it('two independent replicas behind a health-checked balancer: 1 − (1 − A)², minus the detection windows', () => {
    // MTBF 2 h, MTTR 30 min: A = 0.8 per server. Checks every 60 s, timeout 5 s, fall 3: a death is
    // noticed after (fall − 1)·inter + timeout + U(0, inter) = 125 + 30 s on average, during which
    // the dead server keeps half of the traffic (the other one is up with probability A). And a
    // repaired server only takes traffic after rise = 2 good probes, (rise − 1)·inter + U(0, inter)
    // = 60 + 30 s on average: if the other one is down meanwhile (probability 1 − A), nothing serves.
    const A = 0.8;
    const cycle = 9000; // MTBF + MTTR [s]
    const detection = 2 * 60 + 5 + 30;
    const rise = 60 + 30;
    const expected = 1 - (1 - A) ** 2 - 2 * (detection / cycle) * 0.5 * A - 2 * (rise / cycle) * (1 - A);
    const s = run(web({ servers: 2, failures: { mtbf: '2h', mttr: '30min' }, healthCheck: { interval: '60s', timeout: '5s', fall: 3, rise: 2 }, duration: '2000h', rate: '0.01/s' }), 8);
    expectWithinCi(s, expected);
    // Without the detection and rise terms the expectation is off by ≈ 0.018, far outside the interval.
    expect(Math.abs(s.availability.timeCI95!.mean - (1 - (1 - A) ** 2))).toBeGreaterThan(3 * s.availability.timeCI95!.halfWidth95!);
    // Detection times as the health checker's bounds allow.
    for (const inc of s.incidents.filter((i) => i.detectedSeconds !== null)) {
      const d = inc.detectedSeconds! - inc.startSeconds;
      expect(d).toBeGreaterThanOrEqual(125 - 1e-6);
      expect(d).toBeLessThanOrEqual(185 + 1e-6);
    }
    expect(s.incidentStats.meanTimeToDetectSeconds!).toBeGreaterThan(145);
    expect(s.incidentStats.meanTimeToDetectSeconds!).toBeLessThan(165);
  });

  it('requests failed during an outage ≈ arrival rate × detection time × the dead backend’s share', () => {
    // Four servers round-robin at 400/s; server 2 dies at 100 s, health checks every 2 s (fall 3, timeout 1 s).
    const s = run(
      web({
        servers: 4,
        rate: '400/s',
        duration: '300s',
        healthCheck: { interval: '2s', timeout: '1s', fall: 3, rise: 2 },
        incidents: [{ at: '100s', for: '100s', server: 'web/w-2' }],
      }),
    );
    const inc = s.incidents[0]!;
    expect(inc.kind).toBe('scheduled');
    expect(inc.target).toBe('server web/w-2');
    const detection = inc.detectedSeconds! - inc.startSeconds;
    expect(detection).toBeGreaterThanOrEqual(5);
    expect(detection).toBeLessThanOrEqual(7);
    // Round-robin sends exactly every 4th request to it: λ/4 · D refused, plus the few in service when it died.
    const expected = (400 / 4) * detection;
    expect(s.requests.failedBy.refused).toBeGreaterThan(expected - 4 * Math.sqrt(expected));
    expect(s.requests.failedBy.refused).toBeLessThan(expected + 4 * Math.sqrt(expected));
    expect(inc.requestsFailed).toBe(s.requests.failed);
    expect(inc.repairedSeconds).toBe(200);
  });

  it('replications draw different failure histories, and the same seed gives the same one', () => {
    const data = web({ failures: { mtbf: '10h', mttr: '1h' }, duration: '200h' });
    const a = run(data, 2);
    const b = run(data, 2);
    expect(JSON.stringify(a.incidents)).toBe(JSON.stringify(b.incidents));
    expect(a.availability.time).toBe(b.availability.time);
    const { scenario } = resolveScenarioData(data, 'test.json');
    const r0 = runReplication(scenario, 0);
    const r1 = runReplication(scenario, 1);
    expect(r0.incidents[0]!.startSeconds).not.toBe(r1.incidents[0]!.startSeconds);
  });

  it('a site failure takes down every server in it: full outage for its duration', () => {
    const s = run(
      web({
        servers: 3,
        duration: '100h',
        sites: { RBX: { failures: { mtbf: '20h', mttr: { dist: 'constant', value: '2h' } } } },
      }),
      4,
    );
    expect(s.incidents.every((i) => i.target === 'site RBX' && i.servers.length === 3)).toBe(true);
    // Every minute of a site outage is a full outage; the fraction of the run ≈ 2 / 22.
    expect(s.availability.degradedSeconds).toBe(0);
    expectWithinCi(s, 20 / 22, 3);
  });
});

describe('hosts, VMware HA and Fault Tolerance', () => {
  const hostsData = (ha: boolean, capacity: number, ft = false): unknown =>
    web({
      servers: 4,
      duration: '2h',
      rate: '100/s',
      group: { host: 'esx', ...(ft ? { faultTolerant: true } : {}) },
      hosts: {
        esx: { count: 2, site: 'RBX', capacity, ...(ha ? { ha: { restart: { dist: 'constant', value: '5min' } } } : {}) },
      },
      incidents: [{ at: '30min', for: '1h', host: 'esx-1' }],
    });

  it('a host failure takes its VMs down; without HA they come back with the host', () => {
    const s = run(hostsData(false, 4));
    const inc = s.incidents[0]!;
    expect(inc.target).toBe('host esx-1');
    // Four VMs spread over two hosts: two on esx-1.
    expect(inc.servers).toHaveLength(2);
    // Half the traffic is refused for the whole hour (no health checks), then everything is served again.
    expect(s.availability.degradedSeconds).toBeCloseTo(3600, 3);
    expect(s.availability.time).toBeCloseTo(1 - 0.5 * (3600 / 7200), 6);
    expect(s.incidentStats.haRestarts).toBe(0);
  });

  it('with VMware HA and room on the surviving host, the VMs restart there after the restart time', () => {
    const s = run(hostsData(true, 4));
    expect(s.incidentStats.haRestarts).toBe(2);
    // Degraded only while the VMs restart: 5 minutes.
    expect(s.availability.degradedSeconds).toBeCloseTo(300, 3);
  });

  it('VMware HA without room on the surviving host (hosts over 50% full) waits for the repair', () => {
    // Capacity 2: esx-2 is full with its own two VMs.
    const s = run(hostsData(true, 2));
    expect(s.incidentStats.haRestarts).toBe(2);
    // Down for the hour, then restarted 5 minutes after the host's repair.
    expect(s.availability.degradedSeconds).toBeCloseTo(3600 + 300, 3);
  });

  it('Fault Tolerance VMs survive a host failure without losing a request', () => {
    const s = run(hostsData(false, 4, true));
    expect(s.incidents[0]!.servers).toHaveLength(0);
    expect(s.requests.failed).toBe(0);
    expect(s.availability.time).toBe(1);
  });

  it('random host failures with HA: restarts counted, availability between the host’s and 1', () => {
    const s = run(
      web({
        servers: 4,
        duration: '500h',
        group: { host: 'esx' },
        hosts: { esx: { count: 3, site: 'RBX', capacity: 4, failures: { mtbf: '50h', mttr: '5h' }, ha: { restart: '3min' } } },
      }),
      2,
    );
    expect(s.incidentStats.haRestarts).toBeGreaterThan(0);
    expect(s.availability.time!).toBeGreaterThan(50 / 55);
    expect(s.availability.time!).toBeLessThan(1);
  });
});

describe('causes that add up', () => {
  const base = (tier: Record<string, unknown>, incidents: unknown[]): unknown => ({
    name: 'causes',
    run: { duration: '300s', seed: 2 },
    sites: { RBX: {}, SBG: {} },
    traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '50/s', duration: '1h' }] },
    tiers: { web: { serviceTime: { dist: 'exponential', mean: '10ms' }, ...tier } },
    incidents,
  });

  it('a server down for two reasons comes back only when both are over', () => {
    const s = run(
      base({ servers: [{ name: 'w', site: 'RBX', slots: 4 }] }, [
        { at: '100s', for: '100s', site: 'RBX' },
        { at: '150s', for: '100s', server: 'web/w' },
      ]),
    );
    // Down from 100 s (site) to 250 s (its own repair): 150 s of the 300 s, nothing else to serve.
    expect(s.availability.fullOutageSeconds).toBeCloseTo(150, 6);
  });

  it('a host down for two overlapping reasons comes back only when both are over', () => {
    const s = run(
      web({
        servers: 1,
        duration: '1000s',
        rate: '1/s',
        group: { host: 'esx' },
        hosts: { esx: { count: 1, site: 'RBX' } },
        incidents: [
          { at: '100s', for: '600s', host: 'esx-1' },
          { at: '200s', for: '60s', host: 'esx-1' },
        ],
      }),
    );
    expect(s.availability.fullOutageSeconds).toBeCloseTo(600, 6);
  });

  it('a DRP tier without health checks stops sending to the dead primaries once the DRP is active', () => {
    const s = run(
      base(
        {
          servers: [
            { name: 'w', site: 'RBX', slots: 4 },
            { name: 'drp', site: 'SBG', slots: 4 },
          ],
          drp: { servers: ['drp'], monitor: { interval: '10s', timeout: '5s', fall: 3, rise: 2 }, switchOver: '30s' },
        },
        [{ at: '100s', site: 'RBX' }],
      ),
    );
    const d = s.recovery.drp[0]!;
    // Down from the death to the activation, then everything served by the DRP.
    expect(s.availability.fullOutageSeconds).toBeCloseTo(d.activatedSeconds! - 100, 6);
    expect(s.availability.degradedSeconds).toBe(0);
    expect(s.tiers.web!.servers['web/drp']!.served).toBeGreaterThan(50 * (300 - d.activatedSeconds!) * 0.9);
  });

  it('a repair does not wake an instance the autoscaler keeps off, nor a DRP server asleep', () => {
    const elastic = base(
      {
        servers: [
          { name: 'w', site: 'RBX', slots: 4 },
          { name: 'pci', count: 2, site: 'RBX', slots: 4 },
        ],
        autoscaling: { group: 'pci', initial: 0, min: 0, max: 2, period: '1min', provisioning: { dist: 'constant', value: '1min' } },
      },
      [{ at: '100s', for: '30s', server: 'web/pci-1' }],
    );
    const asleep = base(
      {
        servers: [
          { name: 'w', site: 'RBX', slots: 4 },
          { name: 'drp', site: 'SBG', slots: 4 },
        ],
        drp: { servers: ['drp'], monitor: { interval: '10s', timeout: '5s', fall: 3, rise: 2 }, switchOver: '1min' },
      },
      [{ at: '100s', for: '30s', site: 'SBG' }],
    );
    for (const [data, off] of [
      [elastic, 'web/pci-1'],
      [asleep, 'web/drp'],
    ] as const) {
      const s = run(data);
      // w never stopped: it served everything, nothing failed.
      expect(s.tiers.web!.servers['web/w']!.served).toBe(s.requests.ok);
      expect(s.requests.failed).toBe(0);
      // And the server that was off is still off at the end (not running unseen, out of the balancer).
      const model = buildModel(resolveScenarioData(data, 'x.json').scenario, 1);
      model.sim.run({ untilSeconds: 300 });
      const byName = new Map(model.tiers[0]!.servers.map((x) => [x.spec.name, x]));
      expect(byName.get(off)!.alive).toBe(false);
      expect(byName.get('web/w')!.alive).toBe(true);
    }
  });
});

describe('failure scenario mistakes', () => {
  it('names the JSON path of a bad MTBF, an unknown host group, FT without a host, and VMs that do not fit', () => {
    expect(problems(web({ failures: { mtbf: '0s', mttr: '1h' } }))).toMatch(/tiers\.web\.servers\[0\]\.failures\.mtbf.*longer than zero/);
    expect(problems(web({ group: { host: 'exs' }, hosts: { esx: { site: 'RBX' } } }))).toMatch(/servers\[0\]\.host.*"esx"/s);
    expect(problems(web({ group: { faultTolerant: true } }))).toMatch(/faultTolerant.*needs "host"/);
    expect(problems(web({ servers: 3, group: { host: 'esx' }, hosts: { esx: { count: 1, site: 'RBX', capacity: 2 } } }))).toMatch(/no host of "esx" has room/);
    expect(problems(web({ incidents: [{ at: '1h', host: 'esx-9' }], group: { host: 'esx' }, hosts: { esx: { count: 2, site: 'RBX' } } }))).toMatch(/incidents\[0\]\.host/);
    // Combinations not modelled are refused rather than run wrongly.
    const elastic = { autoscaling: { group: 'w', min: 1, max: 2, provisioning: { dist: 'constant', value: '1min' } } };
    const tier = (extra: Record<string, unknown>): unknown => {
      const d = web({ group: extra.group as Record<string, unknown> | undefined, hosts: { esx: { count: 2, site: 'RBX' } } }) as { tiers: { web: Record<string, unknown> } };
      Object.assign(d.tiers.web, extra.tier);
      return d;
    };
    expect(problems(tier({ group: { host: 'esx' }, tier: elastic }))).toBe(''); // elastic groups on hosts: test/hosts-placement.test.ts
    expect(problems(tier({ group: { host: 'esx', faultTolerant: true }, tier: elastic }))).toMatch(/servers\[0\]\.faultTolerant.*Fault Tolerance for elastic instances/);
    expect(problems(tier({ tier: { ...elastic, balancer: 'ip-failover', ipFailover: { move: '30s' } } }))).toMatch(/autoscaling.*failover IP/);
  });
});

describe('incident bookkeeping', () => {
  it('a failover is tied to the incident still open on its master, not to an earlier repaired one', () => {
    const record = (start: number, repaired: number | null): IncidentRecord => ({
      kind: 'failure',
      target: 'server db/a',
      description: '',
      startSeconds: start,
      detectedSeconds: null,
      detectedBy: null,
      serviceRestoredSeconds: null,
      repairedSeconds: repaired,
      servers: ['db/a'],
      requestsFailed: 0,
      recovery: null,
      writesLost: null,
      rpoSeconds: null,
      rtoSeconds: null,
    });
    // An old incident on db/a was repaired at 200 s; the one at 900 s is still open; in between, the log listed nothing.
    const records = [record(100, 200), record(900, null)];
    const failover = { tier: 'db', oldMaster: 'db/a', newMaster: 'db/b', failedAtSeconds: 950, detectedSeconds: 975, promotedSeconds: 1005, writesLost: 3, rpoSeconds: 0.02, rtoSeconds: 55, weightsSwitchedSeconds: null, lagAtFailureMs: 10, oldMasterRejoinedSeconds: null };
    linkRecoveries(records, [{ failovers: [failover], dataLoss: [] }], { ipFailovers: [], drp: [] });
    expect(records[0]!.writesLost).toBeNull();
    expect(records[1]!.writesLost).toBe(3);
    expect(records[1]!.recovery).toBe('database failover to db/b');
    expect(records[0]!.recovery).toBeNull();
    // An incident whose record began after the failure is not its cause either.
    const late = [record(100, 200)];
    linkRecoveries(late, [{ failovers: [{ ...failover, failedAtSeconds: 950 }], dataLoss: [] }], { ipFailovers: [], drp: [] });
    expect(late[0]!.writesLost).toBeNull();
  });

  it('random failures of instances the autoscaler keeps off are neither applied nor logged', () => {
    const data = web({ duration: '200h', rate: '0.05/s' }) as { tiers: { web: Record<string, unknown> } };
    data.tiers.web.servers = [
      { name: 'w', site: 'RBX', slots: 4 },
      { name: 'pci', count: 2, site: 'RBX', slots: 4, failures: { mtbf: '2h', mttr: '1h' } },
    ];
    data.tiers.web.autoscaling = { group: 'pci', initial: 0, min: 0, max: 2, provisioning: { dist: 'constant', value: '5min' } };
    const s = run(data);
    // About 67 failures each would have been drawn over 200 h had the instances been running.
    expect(s.incidentStats.perReplication).toBe(0);
    expect(s.incidents).toHaveLength(0);
    expect(s.availability.time).toBe(1);
  });
});
