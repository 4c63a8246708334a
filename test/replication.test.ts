import { describe, expect, it } from 'vitest';
import { Constant, Exponential } from '../src/rng/distributions.js';
import { RandomStream } from '../src/rng/stream.js';
import { GaleraCluster, type GaleraMember } from '../src/model/data/galera.js';
import { Link } from '../src/model/network/link.js';
import { ReplicationChannel } from '../src/model/data/replication.js';

const SBG = 0;
const RBX = 1;

function vrack(): Link {
  return new Link(SBG, RBX, new Constant(0.01), 1e9); // 10 ms, 1 Gbps (the book's vRack)
}

/** Commit writes as a Poisson process of `rate` per second for `seconds`. */
function drive(ch: ReplicationChannel, rate: number, from: number, seconds: number, rng: RandomStream): number {
  let t = from;
  for (;;) {
    t += -Math.log(1 - rng.next()) / rate;
    if (t >= from + seconds) return t;
    ch.commit(t);
  }
}

describe('asynchronous replication', () => {
  it('never delays a write by less than the link latency, and the mean delay follows M/M/1 when writes are below the apply rate', () => {
    const rng = new RandomStream('w');
    // Apply: exponential 2 ms (500 writes/s); writes at 250/s: ρ = 0.5, M/M/1 sojourn 4 ms, + 10 ms + 2 kB/1 Gbps.
    const ch = new ReplicationChannel(SBG, vrack(), new Exponential(0.002), 2000, new RandomStream('apply'));
    drive(ch, 250, 0, 2000, rng);
    expect(ch.delayMs.min).toBeGreaterThanOrEqual(10);
    const expectedMs = 10 + 0.016 + 4; // latency + transmission (16 µs) + M/M/1 sojourn
    // 500,000 writes, M/M/1 sojourn sd ≈ 4 ms with positive correlation: a ±3% band is many standard errors wide.
    expect(Math.abs(ch.delayMs.mean - expectedMs) / expectedMs).toBeLessThan(0.03);
  });

  it('lets the delay grow without bound while writes exceed the apply rate, then drain', () => {
    const rng = new RandomStream('burst');
    const ch = new ReplicationChannel(SBG, vrack(), new Constant(0.002), 2000, new RandomStream('a'));
    drive(ch, 100, 0, 60, rng); // calm: 100/s vs 500/s
    const calmMax = ch.delayMs.max;
    expect(calmMax).toBeLessThan(30);
    const burstEnd = drive(ch, 1000, 60, 10, rng); // burst: 1000/s for 10 s ⇒ backlog ≈ (1000 − 500)·10 = 5000 writes ≈ 10 s
    // The last write of the burst waits for the whole backlog: about 10 s behind.
    expect(ch.lastAppliedAt - burstEnd).toBeGreaterThan(8);
    expect(ch.lastAppliedAt - burstEnd).toBeLessThan(12);
    // Writes committed well after the backlog drained are back to the calm delay.
    drive(ch, 100, burstEnd + 30, 30, rng);
    expect(ch.lastAppliedAt - (burstEnd + 60)).toBeLessThan(0.05);
  });

  it('counts the writes the slave has not received when the master dies', () => {
    const ch = new ReplicationChannel(SBG, vrack(), new Constant(0.001), 1000, new RandomStream('a'));
    for (const t of [1, 2, 2.995, 2.999, 3.0]) ch.commit(t);
    // At t = 3.0 the writes of 2.995, 2.999 and 3.0 are still on the wire (10 ms latency).
    expect(ch.notReceivedAt(3.0)).toBe(3);
    expect(ch.notReceivedAt(3.006)).toBe(2);
    expect(ch.notReceivedAt(3.02)).toBe(0);
  });
});

describe('Galera quorum', () => {
  const member = (name: string, site: number, arbitrator = false): GaleraMember => ({ name, site, weight: 1, arbitrator, up: true });

  it("Wimi's 3 data nodes + 2 arbitrators keep quorum after any two failures, not three", () => {
    const members = [member('db1', 0), member('db2', 0), member('db3', 1), member('garb1', 2, true), member('garb2', 2, true)];
    const g = new GaleraCluster(members, () => 0, 0);
    for (let a = 0; a < 5; a++) {
      for (let b = a + 1; b < 5; b++) {
        members.forEach((m, i) => (m.up = i !== a && i !== b));
        expect(g.hasQuorum()).toBe(true);
        for (let c = b + 1; c < 5; c++) {
          members[c]!.up = false;
          expect(g.hasQuorum()).toBe(false);
          members[c]!.up = true;
        }
      }
    }
  });

  it('an even split loses quorum; a commit pays the round trip to the farthest member up', () => {
    const members = [member('a', 0), member('b', 1)];
    const g = new GaleraCluster(members, (x, y) => (x === y ? 0 : 0.01), 0.0005);
    expect(g.hasQuorum()).toBe(true);
    expect(g.commitDelaySeconds(0)).toBeCloseTo(0.0205, 12);
    members[1]!.up = false;
    expect(g.hasQuorum()).toBe(false); // 1 of 2 votes is not a majority
    expect(g.commitDelaySeconds(0)).toBeCloseTo(0.0005, 12);
  });
});
