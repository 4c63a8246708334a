/** Bad bandwidth settings get a message naming the file, the JSON path, what was expected and what to do. */
import { describe, expect, it } from 'vitest';
import { problemsOf } from './support/run-data.js';

function scenario(o: { tier?: object; cls?: object; links?: object[]; incidents?: object[]; sites?: object }): unknown {
  return {
    name: 'v',
    run: { duration: '10s' },
    sites: o.sites ?? { A: {}, B: {} },
    ...(o.links ? { links: o.links } : {}),
    traffic: { classes: { page: { share: 1, path: ['web'], ...o.cls } }, phases: [{ phase: 'constant', rate: '1/s', duration: '10s' }] },
    tiers: { web: { servers: [{ name: 'w', site: 'A', slots: 4 }], serviceTime: { dist: 'constant', value: '1ms' }, ...o.tier } },
    ...(o.incidents ? { incidents: o.incidents } : {}),
  };
}

describe('bandwidth validation', () => {
  it('accepts every new field together', () => {
    expect(
      problemsOf(
        scenario({
          sites: { A: { access: { bandwidth: '1Gbps' } }, B: {} },
          tier: { nic: '100Mbps', holdsWorkerDuringTransfer: true },
          cls: { hops: { web: { requestSize: '2kB', responseSize: '60kB' } } },
          links: [{ between: ['A', 'B'], latency: '1ms', bandwidth: '10Gbps', count: 2, sharing: 'fair' }],
          incidents: [{ at: '1s', link: ['A', 'B'], loop: 2 }],
        }),
      ),
    ).toEqual([]);
  });

  it('a bad card bandwidth', () => {
    expect(problemsOf(scenario({ tier: { nic: '100MB' } })).join('\n')).toMatch(/tiers\.web\.nic.*bandwidth such as "100Mbps"/);
  });

  it('holdsWorkerDuringTransfer without a card', () => {
    expect(problemsOf(scenario({ tier: { holdsWorkerDuringTransfer: true } })).join('\n')).toMatch(/tiers\.web\.holdsWorkerDuringTransfer.*network card.*add "nic"/);
  });

  it('a hop that is not on the path', () => {
    expect(problemsOf(scenario({ cls: { hops: { db: { responseSize: '5kB' } } } })).join('\n')).toMatch(/traffic\.classes\.page\.hops\.db.*not on this class's path/);
  });

  it('a bad hop size', () => {
    expect(problemsOf(scenario({ cls: { hops: { web: { responseSize: '5kbps' } } } })).join('\n')).toMatch(/hops\.web\.responseSize/);
  });

  it('fair sharing without a bandwidth', () => {
    expect(problemsOf(scenario({ links: [{ between: ['A', 'B'], latency: '1ms', sharing: 'fair' }] })).join('\n')).toMatch(/links\[0\]\.sharing.*needs a "bandwidth"/);
  });

  it('a cut of a redundant link must name its loop, and a loop that exists', () => {
    const links = [{ between: ['A', 'B'], latency: '1ms', count: 2 }];
    expect(problemsOf(scenario({ links, incidents: [{ at: '1s', link: ['A', 'B'] }] })).join('\n')).toMatch(/incidents\[0\]\.loop.*2 loops: name the one cut/);
    expect(problemsOf(scenario({ links, incidents: [{ at: '1s', link: ['A', 'B'], loop: 3 }] })).join('\n')).toMatch(/incidents\[0\]\.loop.*got loop 3.*from 1 to 2/);
    expect(problemsOf(scenario({ links: [{ between: ['A', 'B'], latency: '1ms' }], incidents: [{ at: '1s', link: ['A', 'B'], loop: 1 }] })).join('\n')).toMatch(
      /incidents\[0\]\.loop.*single loop/,
    );
  });

  it('a second link between the same sites points at count', () => {
    const links = [
      { between: ['A', 'B'], latency: '1ms' },
      { between: ['B', 'A'], latency: '1ms' },
    ];
    expect(problemsOf(scenario({ links })).join('\n')).toMatch(/a second link between.*"count": 2/);
  });

  it('a bad access bandwidth', () => {
    expect(problemsOf(scenario({ sites: { A: { access: { bandwidth: 'fast' } }, B: {} } })).join('\n')).toMatch(/sites\.A\.access\.bandwidth/);
  });
});
