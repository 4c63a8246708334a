import { it } from 'vitest';
import { Exponential } from '../src/rng/distributions.js';
import { runReplication } from '../src/run/replication.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { singleStation } from './support/scenarios.js';
import { mmcMeanSojourn } from './support/erlang.js';
it('mm8 many seeds', () => {
  const th = mmcMeanSojourn(6.4, 1, 8);
  for (const seed of ['qt-mm8', 'a', 'b', 'c']) {
    const s = singleStation({ lambda: 6.4, service: new Exponential(1), slots: 8, run: { seed, durationSeconds: 80_000, warmupSeconds: 500 } });
    const W: number[] = [], U: number[] = [], A: number[] = [];
    for (let i = 0; i < 40; i++) { const r = runReplication(s, i); W.push(r.latencyMs.sum / r.latencyMs.count / 1000); U.push(r.tiers[0]!.servers[0]!.utilisation); A.push((r.ok+r.failed+r.inFlightAtEnd)/r.measuredSeconds); }
    const ci = confidenceInterval(W, 0.999);
    const sd = ci.halfWidth / 3.5;
    console.log(seed, 'W', ci.mean.toFixed(5), 'z', ((ci.mean - th) / (sd)).toFixed(2), 'first20', confidenceInterval(W.slice(0,20),0.999).mean.toFixed(5), 'util', confidenceInterval(U).mean.toFixed(5), 'rate', confidenceInterval(A).mean.toFixed(5));
  }
});
